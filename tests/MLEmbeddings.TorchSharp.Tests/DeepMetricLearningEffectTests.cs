using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// The trained MLP head learns what linear metric learning cannot: on concentric shells (<see cref="ConcentricShells"/>)
/// k-NN accuracy after the head beats raw features and the best of NCA, LMNN and LFDA, and on classes never seen in
/// training its retrieval Recall@1 beats raw features.
/// </summary>
public class DeepMetricLearningEffectTests(ITestOutputHelper output)
{
    private static readonly int[] AllShells = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Mlp_head_beats_raw_features_and_the_best_linear_learner_on_concentric_shells()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] train, string[] trainLabels) = ConcentricShells.Create(600, AllShells, seed: 1);
        (float[][] test, string[] testLabels) = ConcentricShells.Create(300, AllShells, seed: 2);
        IDataView trainData = TestData.FromRows(mlContext, train, trainLabels);

        EmbeddingHeadTransformer head = mlContext.Transforms.DeepMetricLearning(MlpOptions()).Fit(trainData);
        double deep = NearestNeighborOracle.KnnAccuracy(Embed(mlContext, head, train), trainLabels, Embed(mlContext, head, test), testLabels, 5);
        double raw = NearestNeighborOracle.KnnAccuracy(train, trainLabels, test, testLabels, 5);
        var linear = new Dictionary<string, double>();
        foreach ((string name, IEstimator<MahalanobisProjectionTransformer> learner) in new (string, IEstimator<MahalanobisProjectionTransformer>)[]
        {
            ("NCA", mlContext.Transforms.NeighborhoodComponentsAnalysis("Embedding", "Features", rank: 16)),
            ("LMNN", mlContext.Transforms.LargeMarginNearestNeighbor("Embedding", "Features", rank: 16)),
            ("LFDA", mlContext.Transforms.LocalFisherDiscriminantAnalysis("Embedding", "Features", rank: 16)),
        })
        {
            MahalanobisProjectionTransformer projection = learner.Fit(trainData);
            linear[name] = NearestNeighborOracle.KnnAccuracy(Embed(mlContext, projection, train), trainLabels, Embed(mlContext, projection, test), testLabels, 5);
        }

        string report = $"5-NN accuracy: deep {deep:F3}, raw {raw:F3}, {string.Join(", ", linear.Select(p => $"{p.Key} {p.Value:F3}"))}; training: {head.Training}";
        output.WriteLine(report);
        Assert.True(raw < 0.8, "the data set must leave raw k-NN clearly imperfect; " + report);
        Assert.True(deep > raw + 0.1, report);
        Assert.True(deep > linear.Values.Max() + 0.05, report);
    }

    [Fact]
    public void On_classes_never_seen_in_training_retrieval_beats_raw_features()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] train, string[] trainLabels) = ConcentricShells.Create(600, [0, 2, 4, 6, 8, 10], seed: 3);
        (float[][] unseen, string[] unseenLabels) = ConcentricShells.Create(300, [1, 3, 5, 7, 9], seed: 4);
        EmbeddingHeadTransformer head = mlContext.Transforms.DeepMetricLearning(MlpOptions()).Fit(TestData.FromRows(mlContext, train, trainLabels));

        double deep = NearestNeighborOracle.RecallAtOne(Embed(mlContext, head, unseen), unseenLabels);
        double raw = NearestNeighborOracle.RecallAtOne(unseen, unseenLabels);
        string report = $"Recall@1 on unseen shells: deep {deep:F3}, raw {raw:F3}; training: {head.Training}";
        output.WriteLine(report);
        Assert.True(deep > raw + 0.1, report);
    }

    internal static DeepMetricLearningOptions MlpOptions() => new()
    {
        OutputColumnName = "Embedding",
        InputColumnName = "Features",
        Rank = 16,
        HiddenLayerSizes = [128, 64],
        Epochs = 40,
        LearningRate = 3e-3,
        Seed = 5,
    };

    internal static float[][] Embed(MLContext mlContext, ITransformer transformer, float[][] rows)
        => ColumnValues.Vectors(transformer.Transform(TestData.FromRows(mlContext, rows)), "Embedding");
}
