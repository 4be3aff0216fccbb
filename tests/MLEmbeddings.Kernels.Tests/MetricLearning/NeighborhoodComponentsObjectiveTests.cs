using System.Globalization;
using MLEmbeddings.Kernels;
using static MLEmbeddings.Kernels.Tests.MetricLearning.MetricLearningOracle;

namespace MLEmbeddings.Kernels.Tests.MetricLearning;

public class NeighborhoodComponentsObjectiveTests
{
    public static TheoryData<VectorWidth> AllWidths => ScalarReference.AllWidths;

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Objective_and_gradient_match_the_double_reference_and_finite_differences(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int dimension = 5, rank = 3;
        (float[] rows, int[] labels) = Labelled(31, dimension, 3, seed: 5);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, 31, dimension), labels, center: false);
        float[] transformation = RandomValues(rank * dimension, seed: 6, scale: 0.8);
        var objective = new NeighborhoodComponentsObjective(data.Count, dimension, rank, 1);
        var gradient = new float[rank * dimension];

        double value = objective.Evaluate(data.View, data.ClassStarts, data.ClassOfRow, transformation, gradient);

        double expected = NeighborhoodComponents(rows, labels, dimension, ToDouble(transformation), rank);
        double[] numeric = FiniteDifferences(t => NeighborhoodComponents(rows, labels, dimension, t, rank), ToDouble(transformation), 1e-5);
        Assert.Equal(expected, value, 1e-4 * expected);
        Assert.True(RelativeError(gradient, numeric) < 1e-4, $"gradient error {RelativeError(gradient, numeric)}");
    }

    [Fact]
    public void Rows_spanning_several_column_blocks_stream_the_softmax_correctly()
    {
        // 1,100 rows: three column blocks of 512 per row block, and row blocks of 64 that straddle class boundaries.
        const int count = 1100, dimension = 4, rank = 2;
        (float[] rows, int[] labels) = Labelled(count, dimension, 4, seed: 8, separation: 0.5);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);
        float[] transformation = RandomValues(rank * dimension, seed: 9, scale: 3);
        var gradient = new float[rank * dimension];

        double value = new NeighborhoodComponentsObjective(count, dimension, rank, 2).Evaluate(data.View, data.ClassStarts, data.ClassOfRow, transformation, gradient);

        double expected = NeighborhoodComponents(data.Values, Enumerable.Range(0, count).Select(i => data.ClassOfRow[i]).ToArray(), dimension, ToDouble(transformation), rank);
        double[] numeric = FiniteDifferences(t => NeighborhoodComponents(data.Values, data.ClassOfRow, dimension, t, rank), ToDouble(transformation), 1e-4);
        Assert.Equal(expected, value, 1e-4 * expected);
        Assert.True(RelativeError(gradient, numeric) < 2e-3, $"gradient error {RelativeError(gradient, numeric)}");
    }

    [Fact]
    public void Result_is_bit_identical_for_any_thread_count()
    {
        const int count = 700, dimension = 6, rank = 3;
        (float[] rows, int[] labels) = Labelled(count, dimension, 5, seed: 10);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);
        float[] transformation = RandomValues(rank * dimension, seed: 11);
        var reference = new float[rank * dimension];
        double value = new NeighborhoodComponentsObjective(count, dimension, rank, 1).Evaluate(data.View, data.ClassStarts, data.ClassOfRow, transformation, reference);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var gradient = new float[rank * dimension];
            Assert.Equal(value, new NeighborhoodComponentsObjective(count, dimension, rank, threads).Evaluate(data.View, data.ClassStarts, data.ClassOfRow, transformation, gradient));
            Assert.Equal(reference, gradient);
        }
    }

    [Fact]
    public void Gradient_at_the_pca_start_on_digits_matches_scikit_learn()
    {
        // scikit-learn's _loss_grad_lbfgs at its PCA start on standardized digits (tests/fixtures/nca_digits_pca_start.csv).
        string[][] fixture = File.ReadAllLines(FixturePath("nca_digits_pca_start.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        float[] components = fixture.Where(f => f[0] == "component").SelectMany(f => f.Skip(2).Select(v => (float)double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        double[] expected = fixture.Where(f => f[0] == "gradient").SelectMany(f => f.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        (float[] rows, int[] labels) = StandardizedDigitsTrainingFold();
        int dimension = 64, rank = 32;
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, labels.Length, dimension), labels, center: false);
        var gradient = new float[rank * dimension];

        double value = new NeighborhoodComponentsObjective(labels.Length, dimension, rank, -1).Evaluate(data.View, data.ClassStarts, data.ClassOfRow, components, gradient);

        Assert.Equal(1305.2189661554037, value, 1e-4 * 1305.2);
        Assert.True(RelativeError(gradient, expected) < 1e-3, $"gradient error {RelativeError(gradient, expected)}");
    }

    /// <summary>The repository file tests/fixtures/<paramref name="name"/>.</summary>
    internal static string FixturePath(string name)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/fixtures/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The training fold of samples/data/digits.csv standardized as scikit-learn's StandardScaler does.</summary>
    private static (float[] Rows, int[] Labels) StandardizedDigitsTrainingFold()
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(FixturePath("nca_digits_pca_start.csv"))))!, "samples", "data", "digits.csv");
        string[][] lines = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "train").ToArray();
        int[] labels = lines.Select(f => int.Parse(f[0], CultureInfo.InvariantCulture)).ToArray();
        double[][] values = lines.Select(f => f.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int dimension = values[0].Length;
        var rows = new float[labels.Length * dimension];
        for (int j = 0; j < dimension; j++)
        {
            double mean = values.Average(r => r[j]);
            double variance = values.Average(r => (r[j] - mean) * (r[j] - mean));
            double scale = variance == 0 ? 1 : Math.Sqrt(variance);
            for (int i = 0; i < labels.Length; i++)
            {
                rows[(i * dimension) + j] = (float)((values[i][j] - mean) / scale);
            }
        }

        return (rows, labels);
    }
}
