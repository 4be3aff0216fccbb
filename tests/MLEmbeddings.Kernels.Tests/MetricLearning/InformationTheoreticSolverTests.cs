using MLEmbeddings.Kernels;
using static MLEmbeddings.Kernels.Tests.MetricLearning.MetricLearningOracle;

namespace MLEmbeddings.Kernels.Tests.MetricLearning;

public class InformationTheoreticSolverTests
{
    [Fact]
    public void One_projection_without_slack_puts_a_violated_similar_pair_exactly_on_its_bound()
    {
        // M = I + beta v v^T with beta from the Bregman projection gives v^T M v = u exactly (closed form).
        var rows = new float[] { 0, 0, 0, 3, 4, 0 };
        double[] identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        InformationTheoreticSolver.Result result = InformationTheoreticSolver.Fit(
            new ReadOnlyMatrixView(rows, 2, 3), [0], [1], [true], upperBound: 4, lowerBound: 100, slack: double.PositiveInfinity, identity, maximumSweeps: 1, tolerance: 1e-9, sweepCompleted: null);
        double[] v = [3, 4, 0];
        Assert.Equal(4.0, Quadratic(result.Matrix, v), 1e-12);
        // Directions orthogonal to v are untouched.
        Assert.Equal(1.0, result.Matrix[8], 1e-15);
        Assert.Equal(1.0, Quadratic(result.Matrix, [0.8, -0.6, 0]), 1e-12);
    }

    [Fact]
    public void Converged_metric_satisfies_the_constraints_and_is_positive_definite()
    {
        // Feasible by construction: the class is the first value (0 or 1, +-0.05); the other values are noise in [-1, 1).
        const int count = 30, dimension = 4;
        float[] noise = RandomValues(count * dimension, seed: 31);
        int[] labels = Enumerable.Range(0, count).Select(i => i % 2).ToArray();
        float[] rows = noise.Select((v, k) => k % dimension == 0 ? labels[k / dimension] + (0.05f * v) : v).ToArray();
        var first = new List<int>();
        var second = new List<int>();
        var similar = new List<bool>();
        for (int i = 0; i < count; i++)
        {
            for (int j = i + 1; j < count; j += 7)
            {
                first.Add(i);
                second.Add(j);
                similar.Add(labels[i] == labels[j]);
            }
        }

        double[] identity = new double[dimension * dimension];
        for (int k = 0; k < dimension; k++)
        {
            identity[(k * dimension) + k] = 1;
        }

        const double upper = 0.5, lower = 4;
        InformationTheoreticSolver.Result result = InformationTheoreticSolver.Fit(
            new ReadOnlyMatrixView(rows, count, dimension), [.. first], [.. second], [.. similar], upper, lower, slack: 1e6, identity, maximumSweeps: 5000, tolerance: 1e-7, sweepCompleted: null);

        Assert.True(result.Converged, $"change {result.Change} after {result.Sweeps} sweeps");
        for (int c = 0; c < first.Count; c++)
        {
            double[] v = Enumerable.Range(0, dimension).Select(j => (double)rows[(first[c] * dimension) + j] - rows[(second[c] * dimension) + j]).ToArray();
            double distance = Quadratic(result.Matrix, v);
            if (similar[c])
            {
                Assert.True(distance <= upper * 1.01, $"similar pair {c}: {distance} > {upper}");
            }
            else
            {
                Assert.True(distance >= lower * 0.99, $"dissimilar pair {c}: {distance} < {lower}");
            }
        }

        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(result.Matrix, dimension, symmetryTolerance: 1e-12);
        Assert.True(eigen.Eigenvalues[dimension - 1] > 0, $"smallest eigenvalue {eigen.Eigenvalues[dimension - 1]}");
    }

    [Fact]
    public void Factor_reproduces_a_positive_semidefinite_matrix()
    {
        const int dimension = 6;
        float[] basis = RandomValues(dimension * 4, seed: 41);
        var matrix = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    matrix[(i * dimension) + j] += (double)basis[(k * dimension) + i] * basis[(k * dimension) + j];
                }
            }
        }

        (float[] full, double logDeterminant) = MahalanobisFactorization.Factor(matrix, dimension, dimension);
        (float[] four, _) = MahalanobisFactorization.Factor(matrix, dimension, 4);
        Assert.Equal(double.NegativeInfinity, logDeterminant);
        foreach ((float[] factor, int rank) in new[] { (full, dimension), (four, 4) })
        {
            for (int i = 0; i < dimension; i++)
            {
                for (int j = 0; j < dimension; j++)
                {
                    double product = Enumerable.Range(0, rank).Sum(k => (double)factor[(k * dimension) + i] * factor[(k * dimension) + j]);
                    Assert.Equal(matrix[(i * dimension) + j], product, 1e-5);
                }
            }
        }
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

public class SymmetricRankOneUpdateTests
{
    public static TheoryData<VectorWidth> AllWidths => ScalarReference.AllWidths;

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Update_and_product_match_the_definition(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach (int size in new[] { 1, 7, 16, 29 })
        {
            var random = new Random(size);
            double[] p = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] v = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
            var matrix = new double[size * size];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    matrix[(i * size) + j] = matrix[(j * size) + i] = random.NextDouble() - 0.5;
                }
            }

            double[] expected = (double[])matrix.Clone();
            for (int k = 0; k < expected.Length; k++)
            {
                expected[k] += 0.7 * p[k / size] * p[k % size];
            }

            var product = new double[size];
            SymmetricRankOneUpdate.UpdateAndMultiply(matrix, size, p, 0.7, v, product);
            for (int i = 0; i < size; i++)
            {
                double expectedProduct = Enumerable.Range(0, size).Sum(j => expected[(i * size) + j] * v[j]);
                Assert.Equal(expectedProduct, product[i], 1e-12);
                for (int j = 0; j < size; j++)
                {
                    Assert.Equal(expected[(i * size) + j], matrix[(i * size) + j], 1e-14);
                }
            }
        }
    }
}
