namespace MLEmbeddings.Kernels;

/// <summary>
/// Truncated SVD of a tall matrix <c>A</c> (<c>n x d</c>, <c>n &gt;= d</c>) by randomized subspace iteration on its row
/// space, written into the caller's storage: the variant of <see cref="RandomizedSvd"/> whose memory is
/// <c>O(d k)</c> instead of <c>O((n + d) k)</c>, for NMF's NNDSVD start on large (typically sparse) data.
/// </summary>
/// <remarks>
/// <para>
/// With <c>k = min(rank + oversampling, d)</c>: <c>Q</c> = a seeded Gaussian <c>d x k</c> block, orthonormalized; then
/// <c>powerIterations + 1</c> times <c>Q = orth(A^T A Q)</c>, which spans the same subspace
/// <c>(A^T A)^(q + 1) Omega</c> as <see cref="RandomizedSvd"/>'s final <c>B = Q^T A</c> after <c>q</c> power
/// iterations. The Rayleigh-Ritz step <c>Q^T A^T A Q = Y Lambda Y^T</c> (double) gives <c>sigma_j = sqrt(lambda_j)</c>,
/// <c>v_j = Q y_j</c> and <c>u_j = A v_j / sigma_j</c>. The normal products stream over blocks of rows
/// (<see cref="ILinearOperator.MultiplyNormal"/>) and the orthonormalizations are SVQB passes
/// (<see cref="ColumnOrthonormalization"/>): one per power iteration (sklearn's <c>randomized_svd</c> only
/// LU-normalizes there), two for the final basis.
/// </para>
/// <para>
/// Accuracy: the normal products are accumulated in float, so the eigenvalues of <c>A^T A</c> carry rounding noise of
/// about <c>1e-7 sqrt(m) sigma_1^2</c> (<c>m</c> the number of terms per accumulated entry), and singular values below
/// a few times <c>1e-3 sigma_1</c> are not resolved (<see cref="RandomizedSvd"/>, which works on <c>A</c> itself,
/// resolves them to about <c>1e-6 sigma_1</c>). A triplet with <c>sigma_j &lt;= </c><see cref="NegligibleSingularValue"/>
/// <c> sigma_1</c> is returned as <c>sigma_j = 0</c> with zero vectors. That suits the NNDSVD start, which weighs each
/// triplet by <c>sqrt(sigma_j)</c> and only needs the leading ones accurately.
/// </para>
/// </remarks>
internal static class RowSpaceRandomizedSvd
{
    /// <summary>Singular values at most this fraction of the largest are returned as 0 with zero vectors.</summary>
    public const double NegligibleSingularValue = 1e-3;

    /// <summary>
    /// Writes <c>U</c> into <paramref name="left"/> and <c>V</c> into <paramref name="rightTransposed"/> and returns the
    /// singular values, descending. When <paramref name="left"/> is contiguous and holds at least <c>2 d k</c> values,
    /// the two <c>d x k</c> blocks of the iteration live in it (it is overwritten by <c>U</c> last), so the
    /// decomposition allocates only <c>O(k^2)</c> beyond the operator's block buffer.
    /// </summary>
    /// <param name="matrix">The operator <c>A</c>, <c>n x d</c> with <c>n &gt;= d</c>.</param>
    /// <param name="rank">Number of triplets <c>r</c>, in <c>[1, d]</c>.</param>
    /// <param name="oversampling">Extra samples <c>p</c>, 0 or more.</param>
    /// <param name="powerIterations">Power iterations <c>q</c>, 0 or more.</param>
    /// <param name="seed">Seed of the Gaussian start.</param>
    /// <param name="left"><c>U</c>, <c>n x r</c> (overwritten).</param>
    /// <param name="rightTransposed"><c>V</c>, <c>d x r</c> (overwritten).</param>
    /// <param name="maxDegreeOfParallelism">Most threads; results are bit-identical for every value.</param>
    public static double[] Decompose(ILinearOperator matrix, int rank, int oversampling, int powerIterations, int seed, MatrixView left, MatrixView rightTransposed, int maxDegreeOfParallelism)
    {
        int columns = matrix.Columns;
        if (matrix.Rows < columns || rank < 1 || rank > columns || oversampling < 0 || powerIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Needs rows >= columns, 1 <= rank <= columns and non-negative settings; got {matrix.Rows} x {columns}, rank {rank}, oversampling {oversampling}, power iterations {powerIterations}.");
        }

        MatrixShape.RequireRows(nameof(left), left.Rows, matrix.Rows);
        MatrixShape.RequireColumns(nameof(left), left.Columns, rank);
        MatrixShape.RequireRows(nameof(rightTransposed), rightTransposed.Rows, columns);
        MatrixShape.RequireColumns(nameof(rightTransposed), rightTransposed.Columns, rank);
        int samples = (int)Math.Min((long)rank + oversampling, columns);
        int blockLength = checked(columns * samples);
        Memory<float> storage = left.IsContiguous && left.Data.Length >= 2 * blockLength ? left.Data : new float[2 * blockLength];
        var basis = new MatrixView(storage[..blockLength], columns, samples);
        var product = new MatrixView(storage.Slice(blockLength, blockLength), columns, samples);

        GaussianSamples.Fill(basis.Data.Span, seed);
        ColumnOrthonormalization.Orthonormalize(basis, product, passes: 1, maxDegreeOfParallelism);
        for (int iteration = 0; iteration <= powerIterations; iteration++)
        {
            matrix.MultiplyNormal(basis, product, maxDegreeOfParallelism);
            ColumnOrthonormalization.Pass(product, basis, maxDegreeOfParallelism);
        }

        ColumnOrthonormalization.Orthonormalize(basis, product, passes: 2, maxDegreeOfParallelism);
        matrix.MultiplyNormal(basis, product, maxDegreeOfParallelism);
        (double[] values, double[] vectors) = RayleighRitz(basis, product, rank, maxDegreeOfParallelism);

        MatrixView mixing = MatrixView.Allocate(samples, rank);
        for (int j = 0; j < rank; j++)
        {
            for (int c = 0; c < samples; c++)
            {
                mixing[c, j] = (float)vectors[(j * samples) + c];
            }
        }

        Gemm.Multiply(basis, false, mixing, false, rightTransposed, maxDegreeOfParallelism: maxDegreeOfParallelism);
        var singularValues = new double[rank];
        double largest = Math.Sqrt(Math.Max(values[0], 0));
        var column = new double[columns];
        for (int j = 0; j < rank; j++)
        {
            double sigma = Math.Sqrt(Math.Max(values[j], 0));
            singularValues[j] = sigma > NegligibleSingularValue * largest ? sigma : 0;
            for (int i = 0; i < columns; i++)
            {
                column[i] = rightTransposed[i, j];
            }

            bool negate = SignConvention.Apply(column);
            float factor = singularValues[j] == 0 ? 0f : negate ? -1f : 1f;
            for (int i = 0; i < columns; i++)
            {
                rightTransposed[i, j] *= factor;
            }
        }

        NormalEquationsSvd.LeftVectors(matrix, rightTransposed, singularValues, left, maxDegreeOfParallelism);
        return singularValues;
    }

    /// <summary>The leading eigenpairs of <c>Q^T (A^T A Q)</c>, symmetrized, in double: eigenvalues descending, eigenvectors as rows.</summary>
    private static (double[] Values, double[] Vectors) RayleighRitz(ReadOnlyMatrixView basis, ReadOnlyMatrixView product, int rank, int maxDegreeOfParallelism)
    {
        int samples = basis.Columns;
        MatrixView projected = MatrixView.Allocate(samples, samples);
        Gemm.Multiply(basis, true, product, false, projected, maxDegreeOfParallelism: maxDegreeOfParallelism);
        double[] symmetric = SymmetricInput.Read(projected, nameof(projected), double.PositiveInfinity);
        return SymmetricEigensolver.DecomposeSymmetric(symmetric, samples, rank);
    }
}
