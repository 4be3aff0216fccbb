using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Local Fisher Discriminant Analysis (Sugiyama 2007), in closed form: with the local-scaling affinity
/// <c>A_ij = exp(-||x_i - x_j||^2 / (sigma_i sigma_j))</c> between rows of the same class (<c>sigma_i</c>: distance from
/// row <c>i</c> to its k-th nearest same-class row), the local within-class scatter
/// <c>S_w = 1/2 sum_(ij same) A_ij / n_c (x_i - x_j)(x_i - x_j)^T</c> and the local between-class scatter
/// <c>S_b = 1/2 sum_ij W_ij (x_i - x_j)(x_i - x_j)^T</c> with <c>W_ij = A_ij (1/n - 1/n_c)</c> for pairs of the same class
/// and <c>1/n</c> otherwise, <c>L</c>'s rows are the leading generalized eigenvectors of <c>S_b v = lambda S_w v</c>.
/// </summary>
/// <remarks>
/// Per class, <c>G_c = 1/2 sum_(ij in c) A_ij (x_i - x_j)(x_i - x_j)^T = X_c^T (D - A) X_c</c> is accumulated over blocks of
/// 128 rows (affinities from GEMM distances), so no <c>n_c x n_c</c> matrix is stored. Then <c>S_w = sum_c G_c / n_c</c> and
/// <c>S_b = sum_c [(1 - n_c/n) X_c^T X_c + s_c s_c^T / n + G_c / n] - s s^T / n - S_w</c>. A ridge
/// <c>regularization * tr(S_w) / d</c> is added to <c>S_w</c>'s diagonal. Deterministic: no randomness, and every sum is
/// taken in a fixed order.
/// </remarks>
internal static class LocalFisherDiscriminant
{
    private const int RowBlock = 128;

    /// <summary>Learns <c>L</c>; the objective reported is the sum of the <paramref name="rank"/> leading eigenvalues.</summary>
    public static MetricLearningResult Fit(ClassSortedRows data, int rank, int neighbors, FisherEmbeddingScaling scaling, double regularization, int maxDegreeOfParallelism)
    {
        int dimension = data.Dimension;
        (double[] within, double[] between) = Scatter(data, neighbors, maxDegreeOfParallelism);
        double ridge = regularization * ScatterMatrices.MeanDiagonal(within, dimension);
        if (!(ridge > 0))
        {
            ridge = regularization;
        }

        SymmetricEigendecomposition eigen = SymmetricEigensolver.DecomposeGeneralized(between, within, dimension, rank, ridge, symmetryTolerance: double.PositiveInfinity);
        var vectors = new double[checked(rank * dimension)];
        double objective = 0;
        for (int k = 0; k < rank; k++)
        {
            objective += eigen.Eigenvalues[k];
            eigen.Eigenvector(k).CopyTo(vectors.AsSpan(k * dimension, dimension));
        }

        switch (scaling)
        {
            case FisherEmbeddingScaling.Weighted:
                for (int k = 0; k < rank; k++)
                {
                    TensorPrimitives.Multiply<double>(vectors.AsSpan(k * dimension, dimension), Math.Sqrt(Math.Max(eigen.Eigenvalues[k], 0)), vectors.AsSpan(k * dimension, dimension));
                }

                break;
            case FisherEmbeddingScaling.Orthonormalized:
                var orthonormal = new double[vectors.Length];
                HouseholderQr.OrthonormalizeRows(vectors, rank, dimension, orthonormal, maxDegreeOfParallelism);
                vectors = orthonormal;
                break;
            default:
                break;
        }

        var transformation = new float[vectors.Length];
        TensorPrimitives.ConvertTruncating<double, float>(vectors, transformation);
        return new MetricLearningResult(transformation, true, 0, objective);
    }

    /// <summary>The local between-class and within-class scatter matrices (<c>d x d</c>, double), before the ridge.</summary>
    public static (double[] Within, double[] Between) Scatter(ClassSortedRows data, int neighbors, int maxDegreeOfParallelism)
    {
        int dimension = data.Dimension;
        int count = data.Count;
        (int[] ids, float[] squaredDistances) = NeighborSets.SameClass(data, neighbors, maxDegreeOfParallelism);
        var scales = new float[count];
        for (int i = 0; i < count; i++)
        {
            int size = data.ClassSize(data.ClassOfRow[i]);
            int kth = Math.Min(neighbors, size - 1) - 1;
            scales[i] = kth < 0 || ids[(i * neighbors) + kth] < 0 ? 0f : MathF.Sqrt(squaredDistances[(i * neighbors) + kth]);
        }

        var within = new double[dimension * dimension];
        var between = new double[dimension * dimension];
        var blockDistances = new float[RowBlock * Math.Max(LargestClass(data), 1)];
        var weighted = new float[RowBlock * dimension];
        var rowSums = new float[RowBlock];
        var product = new float[dimension * dimension];
        var classLaplacian = new double[dimension * dimension];
        double[] sums = ScatterMatrices.ClassSums(data);
        var total = new double[dimension];
        for (int c = 0; c < data.ClassCount; c++)
        {
            int start = data.ClassStarts[c];
            int size = data.ClassSize(c);
            ReadOnlyMatrixView rows = data.ClassView(c);
            Array.Clear(classLaplacian);
            for (int first = 0; first < size; first += RowBlock)
            {
                int blockRows = Math.Min(RowBlock, size - first);
                ReadOnlyMatrixView block = rows.SliceRows(first, blockRows);
                var affinity = new MatrixView(blockDistances, blockRows, size);
                PairwiseDistances.Compute(block, rows, DistanceMetric.SquaredEuclidean, affinity, maxDegreeOfParallelism);
                for (int a = 0; a < blockRows; a++)
                {
                    Span<float> row = affinity.Row(a);
                    float scale = scales[start + first + a];
                    for (int j = 0; j < size; j++)
                    {
                        float local = scale * scales[start + j];
                        row[j] = local > 0f ? MathF.Exp(-row[j] / local) : 0f;
                    }

                    rowSums[a] = TensorPrimitives.Sum<float>(row);
                }

                // U = diag(a) X_block - A X_c; G_c += X_block^T U.
                var mixed = new MatrixView(weighted, blockRows, dimension);
                Gemm.Multiply(affinity, rows, mixed, alpha: -1f, maxDegreeOfParallelism: maxDegreeOfParallelism);
                for (int a = 0; a < blockRows; a++)
                {
                    TensorPrimitives.MultiplyAdd(block.Row(a), rowSums[a], mixed.Row(a), mixed.Row(a));
                }

                Gemm.Multiply(block, true, mixed, false, new MatrixView(product, dimension, dimension), maxDegreeOfParallelism: maxDegreeOfParallelism);
                for (int k = 0; k < product.Length; k++)
                {
                    classLaplacian[k] += product[k];
                }
            }

            double[] classGram = ScatterMatrices.Gram(rows, maxDegreeOfParallelism);
            ReadOnlySpan<double> sum = sums.AsSpan(c * dimension, dimension);
            for (int k = 0; k < within.Length; k++)
            {
                within[k] += classLaplacian[k] / size;
                between[k] += ((1 - ((double)size / count)) * classGram[k]) + (classLaplacian[k] / count);
            }

            ScatterMatrices.AddOuter(between, sum, 1.0 / count);
            for (int j = 0; j < dimension; j++)
            {
                total[j] += sum[j];
            }
        }

        ScatterMatrices.AddOuter(between, total, -1.0 / count);
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                // Symmetrise the float-accumulated parts, then S_b -= S_w.
                int ij = (i * dimension) + j;
                int ji = (j * dimension) + i;
                if (j > i)
                {
                    double w = (within[ij] + within[ji]) / 2;
                    double b = (between[ij] + between[ji]) / 2;
                    within[ij] = within[ji] = w;
                    between[ij] = between[ji] = b;
                }
            }
        }

        for (int k = 0; k < between.Length; k++)
        {
            between[k] -= within[k];
        }

        return (within, between);
    }

    private static int LargestClass(ClassSortedRows data)
    {
        int largest = 0;
        for (int c = 0; c < data.ClassCount; c++)
        {
            largest = Math.Max(largest, data.ClassSize(c));
        }

        return largest;
    }
}
