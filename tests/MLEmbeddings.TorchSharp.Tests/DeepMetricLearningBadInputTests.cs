using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>Bad data and bad options are rejected before training with messages that say what, where and how to fix it.</summary>
public class DeepMetricLearningBadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void A_single_class_is_rejected()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(20, 4, 1), Enumerable.Repeat("only", 20).ToArray());
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.DeepMetricLearning("Embedding", "Features", rank: 2).Fit(data));
        Assert.Contains("every training row has the same class (class 'only' (key value 1) of label 'Label')", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_with_fewer_than_K_rows_is_named()
    {
        string[] labels = Enumerable.Range(0, 23).Select(i => i >= 20 ? "rare" : (i % 2 == 0 ? "a" : "b")).ToArray();
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(23, 4, 2), labels);
        var options = new DeepMetricLearningOptions { OutputColumnName = "Embedding", InputColumnName = "Features", Rank = 2, SamplesPerClass = 4 };
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.DeepMetricLearning(options).Fit(data));
        Assert.Contains("label 'Label': class 'rare' (key value 3) has 3 row(s), but the P x K sampler draws SamplesPerClass = 4 rows of a class per batch", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower SamplesPerClass", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Non_finite_features_name_the_row_and_slot(float bad, string shown)
    {
        float[][] rows = TestData.RandomRows(20, 4, 3);
        rows[7][1] = bad;
        IDataView data = TestData.FromRows(_mlContext, rows, Enumerable.Range(0, 20).Select(i => (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.DeepMetricLearning("Embedding", "Features", rank: 2).Fit(data));
        Assert.Contains($"Column 'Features', row 7: slot 1 is {shown}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Output_dimension_below_one_is_rejected(int rank)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.DeepMetricLearning("Embedding", "Features", rank: rank));
        Assert.Equal("Rank", error.ParamName);
        Assert.Contains($"Rank must be at least 1; got {rank}.", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadOptions => new()
    {
        { "hidden size 0", nameof(DeepMetricLearningOptions.HiddenLayerSizes), "HiddenLayerSizes must be at least 1; got 0." },
        { "dropout 1", nameof(DeepMetricLearningOptions.Dropout), "Dropout must be a probability in [0, 1); got 1." },
        { "proxy loss with a miner", nameof(DeepMetricLearningOptions.Miner), "ProxyAnchorLoss compares embeddings with learned class vectors and takes no miner; got Miner = MultiSimilarityMiner. Set Miner = null." },
        { "K = 1", nameof(DeepMetricLearningOptions.SamplesPerClass), "SamplesPerClass must be at least 2; got 1." },
        { "P = 1", nameof(DeepMetricLearningOptions.ClassesPerBatch), "ClassesPerBatch must be at least 2; got 1." },
        { "no epochs", nameof(DeepMetricLearningOptions.Epochs), "Epochs must be at least 1; got 0." },
        { "learning rate 0", nameof(DeepMetricLearningOptions.LearningRate), "LearningRate must be a finite number greater than 0; got 0." },
        { "validation fraction 1", nameof(DeepMetricLearningOptions.ValidationFraction), "ValidationFraction must be in [0, 1) (0 turns early stopping off); got 1." },
        { "negative triplet margin", "TripletMarginLoss.Margin", "TripletMarginLoss.Margin must be a finite number of 0 or more; got -0.1." },
        { "ArcFace with a distance", "Loss", "ArcFaceLoss.Distance must be a CosineSimilarity (the margin is an angle); got EuclideanDistance." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected_when_the_estimator_is_created(string spoiler, string parameter, string message)
    {
        var options = new DeepMetricLearningOptions { OutputColumnName = "Embedding" };
        switch (spoiler)
        {
            case "hidden size 0": options.HiddenLayerSizes = [8, 0]; break;
            case "dropout 1": options.Dropout = 1; break;
            case "proxy loss with a miner": options.Loss = new ProxyAnchorLoss(); break;
            case "K = 1": options.SamplesPerClass = 1; break;
            case "P = 1": options.ClassesPerBatch = 1; break;
            case "no epochs": options.Epochs = 0; break;
            case "learning rate 0": options.LearningRate = 0; break;
            case "validation fraction 1": options.ValidationFraction = 1; break;
            case "negative triplet margin": options.Loss = new TripletMarginLoss { Margin = -0.1 }; options.Miner = null; break;
            default: options.Loss = new ArcFaceLoss { Distance = new EuclideanDistance() }; options.Miner = null; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => _mlContext.Transforms.DeepMetricLearning(options));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_copied_so_later_changes_do_not_affect_the_estimator()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(64, [0, 1], seed: 4);
        IDataView data = TestData.FromRows(_mlContext, rows, labels);
        DeepMetricLearningOptions options = DeepMetricLearningEstimatorTests.SmallOptions(o => o.Epochs = 1);
        DeepMetricLearningEstimator estimator = _mlContext.Transforms.DeepMetricLearning(options);
        options.Rank = 9;
        options.HiddenLayerSizes = [3, 3];
        EmbeddingHeadTransformer head = estimator.Fit(data);
        Assert.Equal([16, 4], head.Layers.Select(layer => layer.OutputSize));
    }
}
