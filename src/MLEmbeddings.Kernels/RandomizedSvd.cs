using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Truncated singular value decomposition of a matrix by randomized subspace iteration
/// (Halko, Martinsson and Tropp 2011, Algorithm 4.4 followed by the direct SVD of Section 5.1).
/// </summary>
/// <remarks>
/// <para>
/// With <c>l = min(rank + oversampling, min(n, d))</c> samples: <c>Y = A Omega</c> for a seeded Gaussian
/// <c>d x l</c> <c>Omega</c>, <c>Q = qr(Y)</c>; then <c>powerIterations</c> times <c>Z = qr(A^T Q)</c>,
/// <c>Q = qr(A Z)</c>; finally <c>B = Q^T A</c> (<c>l x d</c>). The small problem is solved in double precision:
/// <c>B B^T = W Lambda W^T</c>, <c>sigma_j = sqrt(lambda_j)</c>, <c>u_j = Q w_j</c>, <c>v_j = B^T w_j / ||B^T w_j||</c>
/// (re-orthogonalized; a direction with <c>sigma_j = 0</c> is completed to keep <c>V</c> orthonormal).
/// The products with <c>A</c> run on <see cref="Gemm"/> in float, the QR factorizations are Householder in double.
/// </para>
/// <para>
/// Accuracy: the error of the rank-<c>r</c> approximation is close to the optimal <c>sigma_r</c> when the spectrum
/// decays; each power iteration sharpens the separation from the discarded singular values by a factor
/// <c>(sigma_(l) / sigma_j)^2</c>. Cost: <c>(2 q + 2)</c> products with <c>A</c>, each <c>2 n d l</c> flops, plus
/// <c>O((n + d) l^2)</c>. Results are identical for every <c>maxDegreeOfParallelism</c> and depend only on the input
/// and the seed (scikit-learn's <c>randomized_svd</c> is the equivalent).
/// </para>
/// </remarks>
public static class RandomizedSvd
{
    /// <summary>Rank-<paramref name="rank"/> truncated SVD <c>A ~ U Sigma V^T</c> of a dense float matrix.</summary>
    /// <param name="matrix">The <c>n x d</c> matrix <c>A</c>, every entry finite.</param>
    /// <param name="rank">Number of singular triplets <c>r</c>, in <c>[1, min(n, d)]</c> (scikit-learn's <c>n_components</c>).</param>
    /// <param name="oversampling">Extra random samples <c>p</c>, 0 or more; default <see cref="LinearAlgebraDefaults.Oversampling"/> (scikit-learn's <c>n_oversamples</c>). The samples are capped at <c>min(n, d)</c>.</param>
    /// <param name="powerIterations">Power (subspace) iterations <c>q</c>, 0 or more, each re-orthonormalized; default <see cref="LinearAlgebraDefaults.PowerIterations"/> (scikit-learn's <c>n_iter</c>).</param>
    /// <param name="seed">Seed of the Gaussian test matrix; the same seed gives the same result.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The singular values in descending order with <c>U</c> (<c>n x r</c>) and <c>V^T</c> (<c>r x d</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has a NaN or infinite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is outside <c>[1, min(n, d)]</c>, <paramref name="oversampling"/> or <paramref name="powerIterations"/> is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    public static SingularValueDecomposition Decompose(
        ReadOnlyMatrixView matrix,
        int rank,
        int oversampling = LinearAlgebraDefaults.Oversampling,
        int powerIterations = LinearAlgebraDefaults.PowerIterations,
        int seed = 0,
        int maxDegreeOfParallelism = -1)
    {
        ValidateSettings(matrix.Rows, matrix.Columns, rank, oversampling, powerIterations, maxDegreeOfParallelism);
        return Run(new DenseLinearOperator(matrix), rank, oversampling, powerIterations, seed, maxDegreeOfParallelism);
    }

    /// <summary>The algorithm on any linear operator (dense now, sparse later); see the public overload for the parameters.</summary>
    internal static SingularValueDecomposition Decompose(ILinearOperator matrix, int rank, int oversampling, int powerIterations, int seed, int maxDegreeOfParallelism)
    {
        ValidateSettings(matrix.Rows, matrix.Columns, rank, oversampling, powerIterations, maxDegreeOfParallelism);
        return Run(matrix, rank, oversampling, powerIterations, seed, maxDegreeOfParallelism);
    }

    private static SingularValueDecomposition Run(ILinearOperator matrix, int rank, int oversampling, int powerIterations, int seed, int maxDegreeOfParallelism)
    {
        int rows = matrix.Rows;
        int columns = matrix.Columns;
        int samples = (int)Math.Min((long)rank + oversampling, Math.Min(rows, columns));

        // Blocks of vectors are stored as rows: Y^T (l x n) and Z^T (l x d).
        var columnSpace = new SampleBlock(samples, rows);
        var rowSpace = new SampleBlock(samples, columns);
        GaussianSamples.Fill(rowSpace.Basis, seed);
        matrix.Multiply(rowSpace.BasisView, columnSpace.ProductView, maxDegreeOfParallelism);
        columnSpace.Orthonormalize(maxDegreeOfParallelism);
        for (int iteration = 0; iteration < powerIterations; iteration++)
        {
            matrix.MultiplyTransposed(columnSpace.BasisView, rowSpace.ProductView, maxDegreeOfParallelism);
            rowSpace.Orthonormalize(maxDegreeOfParallelism);
            matrix.Multiply(rowSpace.BasisView, columnSpace.ProductView, maxDegreeOfParallelism);
            columnSpace.Orthonormalize(maxDegreeOfParallelism);
        }

        // B = Q^T A, stored as its l rows of length d.
        matrix.MultiplyTransposed(columnSpace.BasisView, rowSpace.ProductView, maxDegreeOfParallelism);
        double[] projected = rowSpace.ProductInDouble();
        double[] gram = Gram(projected, samples, columns, maxDegreeOfParallelism);
        (double[] eigenvalues, double[] mixing) = SymmetricEigensolver.DecomposeSymmetric(gram, samples, rank);

        var singularValues = new double[rank];
        for (int j = 0; j < rank; j++)
        {
            singularValues[j] = Math.Sqrt(Math.Max(eigenvalues[j], 0));
        }

        double[] left = Combine(mixing, rank, samples, columnSpace.OrthonormalBasis, rows, maxDegreeOfParallelism);
        double[] right = Combine(mixing, rank, samples, projected, columns, maxDegreeOfParallelism);
        Orthonormalization.CompleteRows(right, rank, columns);
        for (int j = 0; j < rank; j++)
        {
            if (SignConvention.Apply(right.AsSpan(j * columns, columns)))
            {
                TensorPrimitives.Negate<double>(left.AsSpan(j * rows, rows), left.AsSpan(j * rows, rows));
            }
        }

        var leftVectors = new float[checked(rows * rank)];
        for (int j = 0; j < rank; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                leftVectors[(i * rank) + j] = (float)left[(j * rows) + i];
            }
        }

        var rightVectors = new float[checked(rank * columns)];
        TensorPrimitives.ConvertTruncating<double, float>(right, rightVectors);
        return new SingularValueDecomposition(
            DenseMatrix.TakeOwnership(leftVectors, rows, rank),
            singularValues,
            DenseMatrix.TakeOwnership(rightVectors, rank, columns));
    }

    private static void ValidateSettings(int rows, int columns, int rank, int oversampling, int powerIterations, int maxDegreeOfParallelism)
    {
        int smaller = Math.Min(rows, columns);
        if (rank < 1 || rank > smaller)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The rank must be in [1, {smaller}], the smaller of the matrix's {rows} rows and {columns} columns.");
        }

        if (oversampling < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(oversampling), oversampling, "The oversampling must be 0 or more.");
        }

        if (powerIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(powerIterations), powerIterations, "The number of power iterations must be 0 or more.");
        }

        ParallelWork.ValidateDegree(maxDegreeOfParallelism);
    }

    /// <summary>Fills <paramref name="values"/> with independent standard normal samples (Box-Muller on a seeded <see cref="Random"/>).</summary>
    internal static void FillGaussian(float[] values, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            values[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }

    /// <summary>The <c>count x count</c> Gram matrix <c>R R^T</c> of <paramref name="count"/> double rows of length <paramref name="length"/>.</summary>
    private static double[] Gram(double[] rowsData, int count, int length, int maxDegreeOfParallelism)
    {
        var gram = new double[count * count];
        Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i =>
            {
                ReadOnlySpan<double> row = rowsData.AsSpan(i * length, length);
                for (int j = i; j < count; j++)
                {
                    double value = TensorPrimitives.Dot(row, rowsData.AsSpan(j * length, length));
                    gram[(i * count) + j] = value;
                    gram[(j * count) + i] = value;
                }
            });
        return gram;
    }

    /// <summary>Rows <c>j &lt; count</c> of <c>M R</c>: <c>sum_c M_jc R_c</c>, with <c>M</c> <c>count x inner</c> and <c>R</c> <c>inner x length</c>.</summary>
    private static double[] Combine(double[] mixing, int count, int inner, double[] rowsData, int length, int maxDegreeOfParallelism)
    {
        var result = new double[checked(count * length)];
        Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            j =>
            {
                Span<double> target = result.AsSpan(j * length, length);
                for (int c = 0; c < inner; c++)
                {
                    TensorPrimitives.MultiplyAdd(rowsData.AsSpan(c * length, length), mixing[(j * inner) + c], target, target);
                }
            });
        return result;
    }
}
