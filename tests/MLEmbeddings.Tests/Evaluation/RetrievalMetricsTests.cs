using System.Globalization;
using MLEmbeddings.Evaluation;
using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Evaluation;

public class RetrievalMetricsTests
{
    [Fact]
    public void A_hand_checked_line_of_six_points_gives_the_expected_metrics()
    {
        // Points 0, 1, 2, 10, 11, 12 labelled a a b b a b; every class has 3 rows, so R = 2 and the default k is 3.
        var mlContext = new MLContext(1);
        float[][] rows = [[0], [1], [2], [10], [11], [12]];
        IDataView data = TestData.FromRows(mlContext, rows, ["a", "a", "b", "b", "a", "b"]);
        RetrievalMetrics metrics = mlContext.Embeddings().EvaluateRetrieval(data, new RetrievalEvaluationOptions { RecallAtK = [1, 2, 4] });

        Assert.Equal(1.0 / 3, metrics.PrecisionAt1, 12);
        Assert.Equal(1.0 / 3, metrics.RPrecision, 12);
        Assert.Equal(0.25, metrics.MeanAveragePrecisionAtR, 12);
        Assert.Equal((1 + 1 + (1.0 / 3) + 0.5 + 0 + 0.5) / 6, metrics.MeanReciprocalRank, 12);
        Assert.Equal(1.0 / 3, metrics.RecallAtK[1], 12);
        Assert.Equal(4.0 / 6, metrics.RecallAtK[2], 12);
        Assert.Equal(1.0, metrics.RecallAtK[4], 12);
        Assert.Equal((6, 0, 3), (metrics.QueryCount, metrics.ExcludedQueryCount, metrics.NumberOfNeighbors));
        Assert.Contains("MAP@R                   0.2500", metrics.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NeighborMetric.Euclidean, false)]
    [InlineData(NeighborMetric.Euclidean, true)]
    public void Random_clusters_match_the_brute_force_oracle(NeighborMetric metric, bool perClass)
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(150, 6, seed: 4);
        var random = new Random(2);
        int[] labels = rows.Select(_ => random.Next(5)).ToArray();
        labels[17] = 7;
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i][0] += labels[i];
        }

        IDataView data = TestData.FromRows(mlContext, rows, labels.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
        RetrievalMetrics metrics = mlContext.Embeddings().EvaluateRetrieval(data, new RetrievalEvaluationOptions { Metric = metric, AveragePerClass = perClass, RecallAtK = [1, 3, 10] });
        Dictionary<string, double> expected = RetrievalOracle.Evaluate(rows, labels, rows, labels, leaveOneOut: true, [1, 3, 10], perClass: perClass);
        AssertMatches(expected, metrics, 1e-12);
        Assert.Equal((149, 1), (metrics.QueryCount, metrics.ExcludedQueryCount));
    }

    [Theory]
    [InlineData("leave_one_out", false)]
    [InlineData("leave_one_out_per_class", true)]
    public void Digits_leave_one_out_metrics_match_the_committed_numpy_fixture(string configuration, bool perClass)
    {
        var mlContext = new MLContext(1);
        Digits digits = Digits.Instance;
        IDataView data = TestData.FromRows(mlContext, digits.Features, digits.Labels.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
        RetrievalMetrics metrics = mlContext.Embeddings().EvaluateRetrieval(data, new RetrievalEvaluationOptions { AveragePerClass = perClass });
        AssertMatches(Fixture(configuration), metrics, 1e-12);
        Assert.Equal(183, metrics.NumberOfNeighbors);
    }

    [Fact]
    public void Digits_test_queries_against_the_training_reference_match_the_fixture()
    {
        var mlContext = new MLContext(1);
        Digits digits = Digits.Instance;
        IDataView Rows(int[] rows) => TestData.FromRows(mlContext, digits.Select(rows), rows.Select(i => digits.Labels[i].ToString(CultureInfo.InvariantCulture)).ToArray(), keysSortedByValue: true);
        RetrievalMetrics metrics = mlContext.Embeddings().EvaluateRetrieval(Rows(digits.TestRows), Rows(digits.TrainRows), new RetrievalEvaluationOptions());
        AssertMatches(Fixture("test_against_train"), metrics, 1e-12);
        Assert.Equal(450, metrics.QueryCount);
    }

    [Fact]
    public void Cosine_and_inner_product_rankings_match_the_oracle_on_normalised_rows()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(80, 5, seed: 9).Select(r => { double n = Math.Sqrt(r.Sum(v => (double)v * v)); return r.Select(v => (float)(v / n)).ToArray(); }).ToArray();
        int[] labels = Enumerable.Range(0, 80).Select(i => rows[i][0] > 0 ? 1 : 0).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows, labels.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
        Dictionary<string, double> expected = RetrievalOracle.Evaluate(rows, labels, rows, labels, leaveOneOut: true, [1, 2]);
        foreach (NeighborMetric metric in new[] { NeighborMetric.Cosine, NeighborMetric.InnerProduct })
        {
            // On unit vectors all three metrics give the same ranking (up to rounding of near-ties, which random data lacks).
            AssertMatches(expected, mlContext.Embeddings().EvaluateRetrieval(data, new RetrievalEvaluationOptions { Metric = metric, RecallAtK = [1, 2] }), 1e-12);
        }
    }

    [Fact]
    public void An_explicit_neighbour_count_sets_the_reciprocal_rank_cutoff()
    {
        var mlContext = new MLContext(1);
        float[][] rows = [[0], [1], [2], [10], [11], [12]];
        IDataView data = TestData.FromRows(mlContext, rows, ["a", "a", "b", "b", "a", "b"]);
        RetrievalMetrics metrics = mlContext.Embeddings().EvaluateRetrieval(data, new RetrievalEvaluationOptions { NumberOfNeighbors = 5, RecallAtK = [] });
        Assert.Equal((1 + 1 + (1.0 / 3) + 0.5 + 0.25 + 0.5) / 6, metrics.MeanReciprocalRank, 12);
        Assert.Equal(5, metrics.NumberOfNeighbors);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_messages_naming_the_problem()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(12, 3, seed: 1);
        string[] labels = Enumerable.Range(0, 12).Select(i => (i % 3).ToString(CultureInfo.InvariantCulture)).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        EmbeddingEvaluationCatalog catalog = mlContext.Embeddings();

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(data, labelColumnName: "Class"));
        Assert.Contains("Column 'Class' was not found", missing.Message, StringComparison.Ordinal);

        IDataView doubles = BadInput.VectorOfDouble("Features").Spoil(mlContext, data);
        var wrongType = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(doubles));
        Assert.Contains("Column 'Features': expected a known-size vector of Single, got Vector<Double, 3>", wrongType.Message, StringComparison.Ordinal);

        IDataView unkeyed = TestData.FromRows(mlContext, rows);
        var textLabel = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(unkeyed, labelColumnName: "RowIndex"));
        Assert.Contains("MapValueToKey", textLabel.Message, StringComparison.Ordinal);

        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(data, new RetrievalEvaluationOptions { RecallAtK = [1, 12] }));
        Assert.Contains("RecallAtK contains K = 12, but each query can retrieve at most 11 rows", tooLarge.Message, StringComparison.Ordinal);

        var tooFew = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(data, new RetrievalEvaluationOptions { NumberOfNeighbors = 2 }));
        Assert.Contains("NumberOfNeighbors is 2, but class '0' has R = 3 relevant rows", tooFew.Message, StringComparison.Ordinal);

        var beyond = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(data, new RetrievalEvaluationOptions { NumberOfNeighbors = 20 }));
        Assert.Contains("NumberOfNeighbors is 20", beyond.Message, StringComparison.Ordinal);

        IDataView singletons = TestData.FromRows(mlContext, rows, Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray());
        var lonely = Assert.Throws<ArgumentException>(() => catalog.EvaluateRetrieval(singletons));
        Assert.Contains("every class has a single row", lonely.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(data, new RetrievalEvaluationOptions { RecallAtK = [0] }));
        Assert.Throws<ArgumentNullException>(() => catalog.EvaluateRetrieval(data, (RetrievalEvaluationOptions)null!));

        IDataView otherKeys = TestData.FromRows(mlContext, rows, labels.Select(l => "x" + l).ToArray());
        var keys = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.EvaluateRetrieval(otherKeys, data, new RetrievalEvaluationOptions()));
        Assert.Contains("same fitted MapValueToKey", keys.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Fixture(string configuration)
        => File.ReadLines(RepositoryFiles.Path("tests/fixtures/evaluation_retrieval_digits.csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .Where(parts => parts[0] == configuration)
            .ToDictionary(parts => parts[1], parts => double.Parse(parts[2], CultureInfo.InvariantCulture));

    private static void AssertMatches(Dictionary<string, double> expected, RetrievalMetrics actual, double tolerance)
    {
        Assert.Equal(expected["precision_at_1"], actual.PrecisionAt1, tolerance);
        Assert.Equal(expected["r_precision"], actual.RPrecision, tolerance);
        Assert.Equal(expected["map_at_r"], actual.MeanAveragePrecisionAtR, tolerance);
        Assert.Equal(expected["mrr"], actual.MeanReciprocalRank, tolerance);
        foreach ((int k, double value) in actual.RecallAtK)
        {
            Assert.Equal(expected[$"recall_at_{k}"], value, tolerance);
        }
    }
}
