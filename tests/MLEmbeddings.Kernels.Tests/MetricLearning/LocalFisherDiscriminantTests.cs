using MLEmbeddings.Kernels;
using static MLEmbeddings.Kernels.Tests.MetricLearning.MetricLearningOracle;

namespace MLEmbeddings.Kernels.Tests.MetricLearning;

public class LocalFisherDiscriminantTests
{
    [Fact]
    public void Scatter_matrices_match_the_pairwise_definition()
    {
        // Sugiyama (2007): S_w = 1/2 sum_ij W_w (x_i - x_j)(x_i - x_j)^T with W_w = A_ij / n_c for same-class pairs (0 otherwise),
        // S_b = 1/2 sum_ij W_b (...) with W_b = A_ij (1/n - 1/n_c) for same-class pairs and 1/n otherwise.
        // 150 rows: one class is larger than the kernel's 128-row block.
        const int count = 150, dimension = 4, neighbors = 3;
        (float[] rows, int[] labels) = Labelled(count, dimension, 3, seed: 51);
        labels = labels.Select((l, i) => i < 140 ? 0 : l).ToArray();
        labels[149] = 2;
        labels[148] = 2;
        labels[147] = 1;
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);

        (double[] within, double[] between) = LocalFisherDiscriminant.Scatter(data, neighbors, 2);

        double[][] x = Enumerable.Range(0, count).Select(i => data.Values.AsSpan(i * dimension, dimension).ToArray().Select(v => (double)v).ToArray()).ToArray();
        int[] c = data.ClassOfRow;
        var sigma = new double[count];
        for (int i = 0; i < count; i++)
        {
            double[] same = Enumerable.Range(0, count).Where(j => j != i && c[j] == c[i]).Select(j => SquaredDistance(x[i], x[j])).Order().ToArray();
            int kth = Math.Min(neighbors, same.Length) - 1;
            sigma[i] = kth < 0 ? 0 : Math.Sqrt(same[kth]);
        }

        var expectedWithin = new double[dimension * dimension];
        var expectedBetween = new double[dimension * dimension];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < count; j++)
            {
                double affinity = sigma[i] * sigma[j] > 0 ? Math.Exp(-SquaredDistance(x[i], x[j]) / (sigma[i] * sigma[j])) : 0;
                int classSize = c.Count(v => v == c[i]);
                double weightWithin = c[i] == c[j] ? affinity / classSize : 0;
                double weightBetween = c[i] == c[j] ? affinity * ((1.0 / count) - (1.0 / classSize)) : 1.0 / count;
                for (int a = 0; a < dimension; a++)
                {
                    for (int b = 0; b < dimension; b++)
                    {
                        double outer = (x[i][a] - x[j][a]) * (x[i][b] - x[j][b]);
                        expectedWithin[(a * dimension) + b] += 0.5 * weightWithin * outer;
                        expectedBetween[(a * dimension) + b] += 0.5 * weightBetween * outer;
                    }
                }
            }
        }

        double scale = expectedBetween.Max(Math.Abs);
        for (int k = 0; k < within.Length; k++)
        {
            Assert.Equal(expectedWithin[k], within[k], 1e-5 * scale);
            Assert.Equal(expectedBetween[k], between[k], 1e-5 * scale);
        }
    }

    [Fact]
    public void Fit_is_deterministic_and_independent_of_the_thread_count()
    {
        const int count = 300, dimension = 8;
        (float[] rows, int[] labels) = Labelled(count, dimension, 4, seed: 52);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);
        MetricLearningResult reference = LocalFisherDiscriminant.Fit(data, 3, 7, FisherEmbeddingScaling.Weighted, 1e-4, 1);
        foreach (int threads in new[] { 1, 2, 4 })
        {
            MetricLearningResult again = LocalFisherDiscriminant.Fit(data, 3, 7, FisherEmbeddingScaling.Weighted, 1e-4, threads);
            Assert.Equal(reference.Transformation, again.Transformation);
            Assert.Equal(reference.Objective, again.Objective);
        }
    }

    [Fact]
    public void Embedding_scalings_relate_as_documented()
    {
        const int count = 200, dimension = 6, rank = 3;
        (float[] rows, int[] labels) = Labelled(count, dimension, 3, seed: 53);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);
        MetricLearningResult plain = LocalFisherDiscriminant.Fit(data, rank, 7, FisherEmbeddingScaling.Plain, 1e-4, 1);
        MetricLearningResult weighted = LocalFisherDiscriminant.Fit(data, rank, 7, FisherEmbeddingScaling.Weighted, 1e-4, 1);
        MetricLearningResult orthonormal = LocalFisherDiscriminant.Fit(data, rank, 7, FisherEmbeddingScaling.Orthonormalized, 1e-4, 1);
        (double[] within, double[] between) = LocalFisherDiscriminant.Scatter(data, 7, 1);
        double ridge = 1e-4 * Enumerable.Range(0, dimension).Average(i => within[(i * dimension) + i]);
        double eigenvalueSum = 0;
        for (int k = 0; k < rank; k++)
        {
            double[] v = plain.Transformation.AsSpan(k * dimension, dimension).ToArray().Select(x => (double)x).ToArray();
            double numerator = Quadratic(between, v);
            double denominator = Quadratic(within, v) + (ridge * v.Sum(x => x * x));
            double eigenvalue = numerator / denominator;
            eigenvalueSum += eigenvalue;
            Assert.Equal(1.0, denominator, 1e-4);
            for (int j = 0; j < dimension; j++)
            {
                Assert.Equal(Math.Sqrt(eigenvalue) * v[j], weighted.Transformation[(k * dimension) + j], 1e-4 * Math.Sqrt(eigenvalue));
            }

            for (int l = 0; l < rank; l++)
            {
                double dot = Enumerable.Range(0, dimension).Sum(j => (double)orthonormal.Transformation[(k * dimension) + j] * orthonormal.Transformation[(l * dimension) + j]);
                Assert.Equal(k == l ? 1.0 : 0.0, dot, 1e-5);
            }
        }

        Assert.Equal(eigenvalueSum, plain.Objective, 1e-4 * eigenvalueSum);
    }

    private static double Quadratic(double[] matrix, double[] v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            for (int j = 0; j < v.Length; j++)
            {
                sum += v[i] * matrix[(i * v.Length) + j] * v[j];
            }
        }

        return sum;
    }
}
