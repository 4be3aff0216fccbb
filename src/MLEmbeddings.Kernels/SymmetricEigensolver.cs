namespace MLEmbeddings.Kernels;

/// <summary>
/// Eigendecomposition of symmetric matrices, <c>A = V Lambda V^T</c>, and of symmetric-definite pencils,
/// <c>A v = lambda B v</c>, for matrices up to about 1,000 x 1,000, computed in double precision.
/// </summary>
/// <remarks>
/// <para>
/// Method: Householder reduction to tridiagonal form (<c>A = Q T Q^T</c>, about <c>2 n^3</c> flops), then the implicit
/// QL iteration with Wilkinson shifts on <c>T</c>, whose plane rotations are applied to the rows of <c>Q^T</c>
/// (about <c>6 n^3</c> flops, in cache-sized column blocks), so rows come out as eigenvectors. The matrix is first scaled by a power of two so its
/// largest magnitude is in <c>[1, 2)</c>; this avoids overflow and underflow and is undone exactly. Eigenvalues are
/// accurate to about <c>1e-15 ||A||</c> in absolute terms; eigenvectors of an eigenvalue separated from the others by a
/// gap <c>g</c> are accurate to about <c>1e-15 ||A|| / g</c>.
/// </para>
/// <para>
/// Input: a float view (the Mahalanobis and projection learners that accumulate in double use the
/// <see cref="ReadOnlySpan{T}"/> of <see cref="double"/> overloads). Both must be symmetric within
/// <c>symmetryTolerance</c> relative to the largest magnitude; the decomposition uses <c>(A + A^T) / 2</c>.
/// Asking for the <c>count</c> largest pairs returns only those; when <c>count &lt; 2n / 3</c> the vectors of the
/// tridiagonal problem are mapped back for the selected pairs only, which saves the <c>4/3 n^3</c> flops of forming
/// <c>Q</c> (the reduction and the QL rotations are needed for any count).
/// Runs on the calling thread.
/// </para>
/// </remarks>
public static class SymmetricEigensolver
{
    /// <summary>All eigenpairs, or the <paramref name="count"/> with the largest eigenvalues, of a symmetric float matrix.</summary>
    /// <param name="matrix">The <c>n x n</c> symmetric matrix; <c>n</c> may be 0.</param>
    /// <param name="count">How many eigenpairs to return, the largest eigenvalues first: in <c>[1, n]</c>, or null (default) for all <c>n</c>.</param>
    /// <param name="symmetryTolerance">Largest accepted <c>|a_ij - a_ji|</c> relative to <c>max |a_kl|</c>; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>; <see cref="double.PositiveInfinity"/> skips the check.</param>
    /// <returns>Eigenvalues in descending order and unit-norm, orthogonal eigenvectors as rows.</returns>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> is not square, has a non-finite entry, or is not symmetric (the message names the entry).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside <c>[1, n]</c>, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static SymmetricEigendecomposition Decompose(ReadOnlyMatrixView matrix, int? count = null, double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        double[] values = SymmetricInput.Read(matrix, nameof(matrix), symmetryTolerance);
        return DecomposeStandard(values, matrix.Rows, ResolveCount(count, matrix.Rows));
    }

    /// <summary>All eigenpairs, or the <paramref name="count"/> largest, of a symmetric double matrix given as row-major values.</summary>
    /// <param name="matrix">The <c>size * size</c> row-major values of the symmetric matrix.</param>
    /// <param name="size">The order <c>n</c>, 0 or more.</param>
    /// <param name="count">How many eigenpairs to return, the largest eigenvalues first: in <c>[1, n]</c>, or null (default) for all.</param>
    /// <param name="symmetryTolerance">Largest accepted <c>|a_ij - a_ji|</c> relative to <c>max |a_kl|</c>; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>.</param>
    /// <returns>Eigenvalues in descending order and unit-norm, orthogonal eigenvectors as rows.</returns>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> does not hold <c>size * size</c> values, has a non-finite entry, or is not symmetric.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative, <paramref name="count"/> is outside <c>[1, n]</c>, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static SymmetricEigendecomposition Decompose(ReadOnlySpan<double> matrix, int size, int? count = null, double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        double[] values = SymmetricInput.Read(matrix, size, nameof(matrix), symmetryTolerance);
        return DecomposeStandard(values, size, ResolveCount(count, size));
    }

    /// <summary>
    /// Eigenpairs of the symmetric-definite problem <c>A v = lambda B v</c> (<c>A</c> symmetric, <c>B</c> symmetric positive
    /// definite), via the Cholesky factor <c>B = L L^T</c>: <c>C = L^-1 A L^-T</c> is decomposed and <c>v = L^-T y</c>
    /// (Linear Discriminant / LFDA style problems; SciPy's <c>eigh(a, b)</c> is the equivalent). Extra cost over
    /// <see cref="Decompose(ReadOnlyMatrixView, int?, double)"/>: about <c>n^3 / 3 + 2 n^3</c> flops.
    /// </summary>
    /// <param name="a">The symmetric <c>n x n</c> matrix <c>A</c>.</param>
    /// <param name="b">The symmetric positive-definite <c>n x n</c> matrix <c>B</c>.</param>
    /// <param name="count">How many eigenpairs to return, the largest eigenvalues first: in <c>[1, n]</c>, or null (default) for all.</param>
    /// <param name="jitter">Added to the diagonal of <c>B</c> before factorizing (a ridge for a nearly singular <c>B</c>); 0 (default) or more, finite.</param>
    /// <param name="symmetryTolerance">Largest accepted asymmetry of <c>A</c> and of <c>B</c>, relative to each one's largest magnitude; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>.</param>
    /// <returns>Eigenvalues in descending order and <c>B</c>-orthonormal eigenvectors (<c>v_i^T B v_j = delta_ij</c>) as rows.</returns>
    /// <exception cref="ArgumentException">A matrix is not square, has a non-finite entry or is not symmetric; the orders differ; or <paramref name="b"/> is not positive definite (the message names the failing pivot).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside <c>[1, n]</c>, <paramref name="jitter"/> is negative or not finite, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static SymmetricEigendecomposition DecomposeGeneralized(
        ReadOnlyMatrixView a,
        ReadOnlyMatrixView b,
        int? count = null,
        double jitter = 0,
        double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        CholeskyFactorization.ValidateJitter(jitter);
        double[] left = SymmetricInput.Read(a, nameof(a), symmetryTolerance);
        double[] right = SymmetricInput.Read(b, nameof(b), symmetryTolerance);
        if (b.Rows != a.Rows)
        {
            throw new ArgumentException($"'b' is {b.Rows} x {b.Rows}; it must have the order of 'a', {a.Rows}.", nameof(b));
        }

        return DecomposeGeneralized(left, right, a.Rows, ResolveCount(count, a.Rows), jitter);
    }

    /// <summary>Eigenpairs of <c>A v = lambda B v</c> for double matrices given as row-major values; see the float overload.</summary>
    /// <param name="a">The <c>size * size</c> row-major values of the symmetric matrix <c>A</c>.</param>
    /// <param name="b">The <c>size * size</c> row-major values of the symmetric positive-definite matrix <c>B</c>.</param>
    /// <param name="size">The order <c>n</c>, 0 or more.</param>
    /// <param name="count">How many eigenpairs to return, the largest eigenvalues first: in <c>[1, n]</c>, or null (default) for all.</param>
    /// <param name="jitter">Added to the diagonal of <c>B</c> before factorizing; 0 (default) or more, finite.</param>
    /// <param name="symmetryTolerance">Largest accepted asymmetry of <c>A</c> and of <c>B</c>, relative to each one's largest magnitude; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>.</param>
    /// <returns>Eigenvalues in descending order and <c>B</c>-orthonormal eigenvectors as rows.</returns>
    /// <exception cref="ArgumentException">A span does not hold <c>size * size</c> values, has a non-finite entry or is not symmetric, or <paramref name="b"/> is not positive definite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative, <paramref name="count"/> is outside <c>[1, n]</c>, <paramref name="jitter"/> is negative or not finite, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static SymmetricEigendecomposition DecomposeGeneralized(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        int size,
        int? count = null,
        double jitter = 0,
        double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        CholeskyFactorization.ValidateJitter(jitter);
        double[] left = SymmetricInput.Read(a, size, nameof(a), symmetryTolerance);
        double[] right = SymmetricInput.Read(b, size, nameof(b), symmetryTolerance);
        return DecomposeGeneralized(left, right, size, ResolveCount(count, size), jitter);
    }

    /// <summary>
    /// The <paramref name="count"/> largest eigenpairs of the symmetric double array (destroyed), eigenvalues descending,
    /// eigenvectors as rows of a <c>count x size</c> array, before any sign convention.
    /// </summary>
    internal static (double[] Eigenvalues, double[] Eigenvectors) DecomposeSymmetric(double[] matrix, int size, int count)
    {
        double scale = PowerOfTwoScale(matrix);
        if (scale != 1)
        {
            for (int i = 0; i < matrix.Length; i++)
            {
                matrix[i] *= scale;
            }
        }

        // Rows rotated by the QL iteration: Q^T, so rows become eigenvectors of A; or, when few pairs are wanted, the
        // identity, so rows become eigenvectors of T and only the selected ones are mapped back (2 n^2 flops each
        // instead of 4/3 n^3 for forming Q^T).
        var reduction = TridiagonalReduction.Reduce(matrix, size);
        var rows = new double[checked(size * size)];
        bool mapSelected = 3L * count < 2L * size;
        if (mapSelected)
        {
            for (int i = 0; i < size; i++)
            {
                rows[(i * size) + i] = 1;
            }
        }
        else
        {
            reduction.FormTransposedTransform(rows);
        }

        double[] eigenvalues = reduction.Diagonal;
        TridiagonalEigensolver.Solve(eigenvalues, reduction.OffDiagonal, rows);

        int[] order = new int[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (left, right) => eigenvalues[right] != eigenvalues[left] ? eigenvalues[right].CompareTo(eigenvalues[left]) : left.CompareTo(right));
        var sortedValues = new double[count];
        var sortedVectors = new double[checked(count * size)];
        for (int i = 0; i < count; i++)
        {
            sortedValues[i] = eigenvalues[order[i]] / scale;
            Span<double> vector = sortedVectors.AsSpan(i * size, size);
            rows.AsSpan(order[i] * size, size).CopyTo(vector);
            if (mapSelected)
            {
                reduction.ApplyTransform(vector);
            }
        }

        return (sortedValues, sortedVectors);
    }

    private static SymmetricEigendecomposition DecomposeStandard(double[] matrix, int size, int count)
    {
        (double[] eigenvalues, double[] eigenvectors) = DecomposeSymmetric(matrix, size, count);
        for (int i = 0; i < count; i++)
        {
            SignConvention.Apply(eigenvectors.AsSpan(i * size, size));
        }

        return new SymmetricEigendecomposition(eigenvalues, eigenvectors, size);
    }

    private static SymmetricEigendecomposition DecomposeGeneralized(double[] a, double[] b, int size, int count, double jitter)
    {
        CholeskyFactorization factor = CholeskyFactorization.FactorizeInPlace(b, size, jitter, nameof(b));

        // C = L^-1 A L^-T: solving L y = a_i for every row turns A into (L^-1 A)^T; transposing and solving again gives C.
        for (int pass = 0; pass < 2; pass++)
        {
            factor.SolveLowerRowsInPlace(a, size);
            TransposeInPlace(a, size);
        }

        (double[] eigenvalues, double[] eigenvectors) = DecomposeSymmetric(a, size, count);
        factor.SolveUpperRowsInPlace(eigenvectors, count);
        for (int i = 0; i < count; i++)
        {
            SignConvention.Apply(eigenvectors.AsSpan(i * size, size));
        }

        return new SymmetricEigendecomposition(eigenvalues, eigenvectors, size);
    }

    /// <summary>The power of two that brings the largest magnitude into <c>[1, 2)</c> (as near as a normal scale allows); 1 for a zero matrix.</summary>
    private static double PowerOfTwoScale(double[] matrix)
    {
        double largest = 0;
        foreach (double value in matrix)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        return largest == 0 ? 1 : Math.ScaleB(1, Math.Clamp(-Math.ILogB(largest), -1020, 1020));
    }

    private static void TransposeInPlace(double[] matrix, int size)
    {
        for (int i = 0; i < size; i++)
        {
            for (int j = i + 1; j < size; j++)
            {
                (matrix[(i * size) + j], matrix[(j * size) + i]) = (matrix[(j * size) + i], matrix[(i * size) + j]);
            }
        }
    }

    private static int ResolveCount(int? count, int size)
    {
        if (count is null)
        {
            return size;
        }

        if (count.Value < 1 || count.Value > size)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count.Value, $"The number of eigenpairs must be in [1, {size}] (the matrix order), or null for all.");
        }

        return count.Value;
    }
}
