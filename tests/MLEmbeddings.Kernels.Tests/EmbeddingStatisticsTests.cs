using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class EmbeddingStatisticsTests
{
    [Theory]
    [InlineData(300, 40, 5)]
    [InlineData(30, 200, 7)]
    public void Singular_values_and_RankMe_of_a_planted_matrix_match_the_closed_form(int rows, int columns, int rank)
    {
        // X = U diag(s) V^T with orthonormal U, V built in double: its singular values are exactly s.
        double[] planted = Enumerable.Range(0, rank).Select(i => 10.0 / (i + 1)).ToArray();
        double[,] u = Orthonormal(rows, rank, 1);
        double[,] v = Orthonormal(columns, rank, 2);
        var values = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double sum = 0;
                for (int t = 0; t < rank; t++)
                {
                    sum += u[i, t] * planted[t] * v[j, t];
                }

                values[(i * columns) + j] = (float)sum;
            }
        }

        double[] singular = EmbeddingStatistics.SingularValues(new ReadOnlyMatrixView(values, rows, columns));
        Assert.Equal(Math.Min(rows, columns), singular.Length);
        for (int t = 0; t < rank; t++)
        {
            Assert.Equal(planted[t], singular[t], 1e-4 * planted[0]);
        }

        Assert.All(singular[rank..], s => Assert.True(s < 1e-3 * planted[0], $"{s} should be about 0"));
        double total = planted.Sum();
        double expected = Math.Exp(-planted.Sum(s => s / total * Math.Log(s / total)));
        Assert.Equal(expected, EmbeddingStatistics.EffectiveRank(singular, 0), 0.05);
        Assert.Equal(rank, EmbeddingStatistics.EffectiveRank(Enumerable.Repeat(2.0, rank).Concat(new double[9]).ToArray(), 0), 1e-12);
        Assert.Equal(1, EmbeddingStatistics.EffectiveRank(new double[4], 1e-7));
    }

    [Fact]
    public void Uniformity_matches_the_double_precision_pair_sum()
    {
        ReadOnlyMatrixView rows = ScalarReference.RandomMatrix(8, 300, 5);
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < 300; i++)
        {
            for (int j = i + 1; j < 300; j++)
            {
                sum += Math.Exp(-2 * ScalarReference.SquaredDistance(rows.Row(i), rows.Row(j)));
                pairs++;
            }
        }

        double expected = Math.Log(sum / pairs);
        Assert.Equal(expected, EmbeddingStatistics.Uniformity(rows, 2, 1), 1e-5);
        Assert.Equal(EmbeddingStatistics.Uniformity(rows, 2, 1), EmbeddingStatistics.Uniformity(rows, 2, 3));
        Assert.Throws<ArgumentException>(() => EmbeddingStatistics.Uniformity(rows.SliceRows(0, 1), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingStatistics.Uniformity(rows, 0));
    }

    [Fact]
    public void Within_class_mean_squared_distance_matches_the_pair_loop()
    {
        ReadOnlyMatrixView rows = ScalarReference.RandomMatrix(9, 90, 6);
        int[] classes = Enumerable.Range(0, 90).Select(i => i % 4 == 3 ? 3 : i % 3).ToArray();
        classes[0] = 4;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < 90; i++)
        {
            for (int j = i + 1; j < 90; j++)
            {
                if (classes[i] == classes[j])
                {
                    sum += ScalarReference.SquaredDistance(rows.Row(i), rows.Row(j));
                    pairs++;
                }
            }
        }

        Assert.Equal(sum / pairs, EmbeddingStatistics.MeanSquaredDistanceWithinClasses(rows, classes, 5), 1e-9);
        Assert.True(double.IsNaN(EmbeddingStatistics.MeanSquaredDistanceWithinClasses(rows.SliceRows(0, 3), [0, 1, 2], 3)));
    }

    [Fact]
    public void Skewness_is_the_third_standardised_moment()
    {
        double[] values = [1, 1, 1, 2, 9];
        double mean = values.Average();
        double m2 = values.Average(v => Math.Pow(v - mean, 2));
        double m3 = values.Average(v => Math.Pow(v - mean, 3));
        Assert.Equal(m3 / Math.Pow(m2, 1.5), EmbeddingStatistics.Skewness(values), 1e-12);
        Assert.Equal(0, EmbeddingStatistics.Skewness([3, 3, 3]));
    }

    [Fact]
    public void Sparse_random_projection_has_the_requested_density_and_values_and_projects_like_a_dense_product()
    {
        const int D = 400;
        const int Rank = 50;
        double density = SparseRandomProjection.DefaultDensity(D);
        Assert.Equal(0.05, density, 1e-12);
        CsrMatrix transposed = SparseRandomProjection.CreateTransposedComponents(D, Rank, density, 7);
        Assert.Equal((D, Rank), (transposed.Rows, transposed.Columns));
        double share = transposed.NonZeroCount / (double)(D * Rank);
        Assert.InRange(share, 0.04, 0.06);
        float magnitude = (float)(Math.Sqrt(1 / density) / Math.Sqrt(Rank));
        Assert.All(transposed.Values.ToArray(), v => Assert.Equal(magnitude, Math.Abs(v)));
        int positives = transposed.Values.ToArray().Count(v => v > 0);
        Assert.InRange(positives, transposed.NonZeroCount * 0.4, transposed.NonZeroCount * 0.6);
        Assert.Equal(transposed.ColumnIndices.ToArray(), SparseRandomProjection.CreateTransposedComponents(D, Rank, density, 7).ColumnIndices.ToArray());
        Assert.NotEqual(transposed.ColumnIndices.ToArray(), SparseRandomProjection.CreateTransposedComponents(D, Rank, density, 8).ColumnIndices.ToArray());
        Assert.Equal(D * Rank, SparseRandomProjection.CreateTransposedComponents(D, Rank, 1, 1).NonZeroCount);

        ReadOnlyMatrixView input = ScalarReference.RandomMatrix(2, 6, D);
        var output = new float[6 * Rank];
        SparseRandomProjection.Project(transposed, input, new MatrixView(output, 6, Rank));
        var dense = new float[D * Rank];
        transposed.CopyTo(new MatrixView(dense, D, Rank));
        for (int i = 0; i < 6; i++)
        {
            for (int r = 0; r < Rank; r++)
            {
                double expected = 0;
                for (int t = 0; t < D; t++)
                {
                    expected += input[i, t] * (double)dense[(t * Rank) + r];
                }

                Assert.Equal(expected, output[(i * Rank) + r], 1e-4);
            }
        }

        CsrMatrix sparseInput = CsrMatrix.FromDense(input);
        var fromSparse = new float[6 * Rank];
        SparseRandomProjection.Project(transposed, sparseInput.RowPointers, sparseInput.ColumnIndices, sparseInput.Values, new MatrixView(fromSparse, 6, Rank));
        Assert.Equal(output, fromSparse);
        Assert.Equal(163, SparseRandomProjection.MinimumRank(30, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseRandomProjection.CreateTransposedComponents(D, Rank, 0, 1));
    }

    private static double[,] Orthonormal(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var q = new double[rows, columns];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                q[r, c] = (random.NextDouble() * 2) - 1;
            }

            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        dot += q[r, c] * q[r, p];
                    }

                    for (int r = 0; r < rows; r++)
                    {
                        q[r, c] -= dot * q[r, p];
                    }
                }
            }

            double norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => q[r, c] * q[r, c]));
            for (int r = 0; r < rows; r++)
            {
                q[r, c] /= norm;
            }
        }

        return q;
    }
}
