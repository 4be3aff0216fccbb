using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>Bad input to the metric learners is rejected early with messages that say what, where and how to fix it.</summary>
public class MetricLearningBadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    public static TheoryData<string> Learners => MetricLearners.All();

    [Theory]
    [MemberData(nameof(Learners))]
    public void A_single_class_is_rejected(string learner)
    {
        float[][] rows = TestData.RandomRows(20, 4, 1);
        IDataView data = TestData.FromRows(_mlContext, rows, Enumerable.Repeat("only", 20).ToArray());
        var error = Assert.Throws<ArgumentException>(() => MetricLearners.Create(_mlContext, learner, 2).Fit(data));
        Assert.Contains("every training row has the same class (key value 1 of label 'Label')", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_with_one_row_is_rejected_where_neighbours_are_needed()
    {
        float[][] rows = TestData.RandomRows(21, 4, 2);
        string[] labels = Enumerable.Range(0, 21).Select(i => i == 20 ? "lonely" : (i % 2 == 0 ? "a" : "b")).ToArray();
        IDataView data = TestData.FromRows(_mlContext, rows, labels);
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.LargeMarginNearestNeighbor("Projected", "Features", rank: 2).Fit(data));
        Assert.Contains("Label 'Label': class with key value 3 has 1 row(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs at least 2 rows per class", error.Message, StringComparison.Ordinal);

        // NCA and LFDA need no same-class neighbour for every row: the lonely row simply cannot be classified correctly.
        _mlContext.Transforms.NeighborhoodComponentsAnalysis("Projected", "Features", rank: 2).Fit(data);
        _mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 2).Fit(data);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Rank_larger_than_the_input_size_names_both(string learner)
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(20, 6, 3), Labels(20));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MetricLearners.Create(_mlContext, learner, 9).Fit(data));
        Assert.Contains("Rank is 9 but column 'Features' has vectors of size 6. Choose a Rank in [1, 6]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Non_finite_values_name_the_row_and_slot(float bad, string shown)
    {
        float[][] rows = TestData.RandomRows(20, 4, 4);
        rows[7][1] = bad;
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis("Projected", "Features", rank: 2).Fit(TestData.FromRows(_mlContext, rows, Labels(20))));
        Assert.Contains($"Column 'Features', row 7: slot 1 is {shown}", error.Message, StringComparison.Ordinal);

        var fitted = _mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 2).Fit(TestData.FromRows(_mlContext, TestData.RandomRows(20, 4, 5), Labels(20)));
        var scoring = Assert.Throws<ArgumentException>(() => ColumnValues.Vectors(fitted.Transform(TestData.FromRows(_mlContext, rows)), "Projected"));
        Assert.Contains($"row 7: slot 1 is {shown}", scoring.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pairs_naming_missing_rows_or_one_row_twice_are_rejected()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(50, 4, 6));
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.InformationTheoreticMetricLearning(
            "Projected", [new MetricLearningPair(0, 1, true), new MetricLearningPair(3, 120, false)], "Features").Fit(data));
        Assert.Contains("Pairs[1] (3, 120) refers to row 120, but the data has 50 rows, numbered 0 to 49", missing.Message, StringComparison.Ordinal);

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.InformationTheoreticMetricLearning("Projected", [new MetricLearningPair(-1, 1, true)], "Features").Fit(data));
        Assert.Contains("refers to row -1", negative.Message, StringComparison.Ordinal);

        var self = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.InformationTheoreticMetricLearning("Projected", [new MetricLearningPair(5, 5, true)], "Features").Fit(data));
        Assert.Contains("Pairs[0] joins row 5 with itself", self.Message, StringComparison.Ordinal);

        var empty = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.InformationTheoreticMetricLearning("Projected", Array.Empty<MetricLearningPair>(), "Features"));
        Assert.Contains("Pairs is empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lda_start_with_more_directions_than_classes_minus_one_is_rejected()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(30, 6, 7), Labels(30));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = "Projected",
            InputColumnName = "Features",
            Rank = 4,
            Initialization = MetricLearningInitialization.Lda,
        }).Fit(data));
        Assert.Contains("Initialization is Lda, which gives at most min(input size, classes - 1) = 2 directions for 3 classes, but Rank is 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scoring_vectors_of_another_size_name_both_sizes()
    {
        var fitted = _mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 2).Fit(TestData.FromRows(_mlContext, TestData.RandomRows(20, 4, 8), Labels(20)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => fitted.Transform(TestData.FromRows(_mlContext, TestData.RandomRows(5, 7, 9))));
        Assert.Contains("trained on vectors of size 4, but the input has vectors of size 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_rejected_when_the_estimator_is_created()
    {
        void Rejects(Action create, string fragment)
        {
            var error = Assert.ThrowsAny<ArgumentException>(create);
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        Rejects(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis("Projected", rank: 0), "Rank must be at least 1; got 0");
        Rejects(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis(""), "OutputColumnName must name a column");
        Rejects(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "P", BatchSize = 1 }), "BatchSize must be at least 2; got 1");
        Rejects(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "P", LearningRate = 0 }), "LearningRate must be a finite number greater than 0; got 0");
        Rejects(() => _mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "P", Tolerance = -1 }), "Tolerance must be a finite number of 0 or more; got -1");
        Rejects(() => _mlContext.Transforms.LargeMarginNearestNeighbor(new LargeMarginNearestNeighborOptions { OutputColumnName = "P", PushWeight = 1.5 }), "PushWeight must be in [0, 1]; got 1.5");
        Rejects(() => _mlContext.Transforms.LargeMarginNearestNeighbor("P", numberOfNeighbors: 0), "NumberOfNeighbors must be at least 1; got 0");
        Rejects(() => _mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions { OutputColumnName = "P", UpperBound = 5, LowerBound = 2 }), "UpperBound (5) is larger than LowerBound (2)");
        Rejects(() => _mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions { OutputColumnName = "P", Slack = double.NaN }), "Slack must be a finite number greater than 0; got NaN");
        Rejects(() => _mlContext.Transforms.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions { OutputColumnName = "P", Embedding = (LocalFisherEmbedding)7 }), "Embedding must be one of Weighted, Orthonormalized, Plain; got 7");
        Rejects(() => _mlContext.Transforms.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions { OutputColumnName = "P", MaxDegreeOfParallelism = 0 }), "MaxDegreeOfParallelism must be -1 (all cores) or a positive thread count; got 0");
    }

    private static string[] Labels(int count) => Enumerable.Range(0, count).Select(i => ((char)('a' + (i % 3))).ToString()).ToArray();
}
