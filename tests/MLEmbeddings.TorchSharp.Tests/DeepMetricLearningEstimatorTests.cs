using System.Globalization;
using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// The estimator as an ML.NET component: conformance (schema, determinism with a seed, save/load in a fresh context,
/// bad columns), a separate process that scores a saved head without loading TorchSharp, every loss and miner wired in,
/// progress, cancellation and early stopping.
/// </summary>
public sealed class DeepMetricLearningEstimatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-deep-").FullName;

    [Fact]
    public void Estimator_passes_the_conformance_check()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(96, [0, 1, 2, 3], seed: 10);
        EmbeddingHeadTransformer fitted = EstimatorConformance.Check(new ConformanceCase<EmbeddingHeadTransformer>
        {
            CreateEstimator = ml => ml.Transforms.DeepMetricLearning(SmallOptions()),
            CreateData = ml => TestData.FromRows(ml, rows, labels),
            ExpectedOutputs = [new ExpectedColumn("Embedding", new VectorDataViewType(NumberDataViewType.Single, 4))],
            BadInputs =
            [
                BadInput.MissingColumn("Features"),
                BadInput.VectorOfDouble("Features"),
                BadInput.MissingColumn("Label") with { TrainingOnly = true },
                new BadInput("label not a key", (ml, d) => ml.Transforms.Conversion.MapKeyToValue("Label").Fit(d).Transform(d), "Column 'Label'", "expected a key type", "MapValueToKey") { TrainingOnly = true },
            ],
        });

        Assert.Equal((4, ConcentricShells.Dimension, 2), (fitted.Rank, fitted.InputSize, fitted.Layers.Count));
        Assert.Equal(("Features", "Embedding", EmbeddingHeadActivation.Tanh), (fitted.InputColumnName, fitted.OutputColumnName, fitted.Activation));
    }

    [Fact]
    public void A_seed_makes_training_deterministic_and_different_seeds_differ()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(96, [0, 1, 2, 3], seed: 11);
        float[] First(int seed) => Fit(rows, labels, SmallOptions(o => o.Seed = seed)).Layers[0].Weights.AsSpan().ToArray();
        Assert.Equal(First(3), First(3));
        Assert.NotEqual(First(3), First(4));
    }

    [Fact]
    public void Saved_head_loads_in_a_fresh_context_and_scores_identically()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = ConcentricShells.Create(96, [0, 1, 2, 3], seed: 12);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        EmbeddingHeadTransformer head = mlContext.Transforms.DeepMetricLearning(SmallOptions(o => (o.BatchNormalization, o.Dropout) = (true, 0.2))).Fit(data);
        string path = Path.Combine(_directory, "head.zip");
        mlContext.Model.Save(head, data.Schema, path);

        var fresh = new MLContext(seed: 2);
        fresh.RegisterMLEmbeddings();
        ITransformer loaded = fresh.Model.Load(path, out _);
        var typed = Assert.IsType<EmbeddingHeadTransformer>(loaded);
        Assert.Equal(head.Training, typed.Training);
        Assert.Equal(ColumnValues.Vectors(head.Transform(data), "Embedding"), ColumnValues.Vectors(loaded.Transform(TestData.FromRows(fresh, rows, labels)), "Embedding"));
    }

    [Fact]
    public void A_separate_process_scores_the_saved_head_without_loading_TorchSharp()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = ConcentricShells.Create(96, [0, 1, 2, 3], seed: 13);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        EmbeddingHeadTransformer head = mlContext.Transforms.DeepMetricLearning(SmallOptions()).Fit(data);
        string model = Path.Combine(_directory, "head.zip");
        mlContext.Model.Save(head, data.Schema, model);
        string input = Path.Combine(_directory, "input.txt");
        float[][] queries = rows.Take(9).ToArray();
        File.WriteAllLines(input, queries.Select(r => string.Join(' ', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        string assemblies = Path.Combine(_directory, "assemblies.txt");

        (int exitCode, string output) = LoadCheckProcess.Run(typeof(DeepMetricLearningEstimatorTests).Assembly, [model, input, "register", "Embedding"], assemblies);

        Assert.True(exitCode == 0, output);
        float[][] expected = ColumnValues.Vectors(head.Transform(TestData.FromRows(mlContext, queries)), "Embedding");
        Assert.Equal(
            expected.Select(r => string.Join(' ', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string[] loaded = File.ReadAllLines(assemblies);
        Assert.Contains("MLEmbeddings", loaded);
        Assert.DoesNotContain(loaded, name => name.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string> LossAndMinerChoices => new(
        "contrastive", "contrastive+batch-hard", "triplet+batch-hard", "triplet+semi-hard", "multi-similarity", "proxy-anchor", "normalized-softmax", "arcface", "supcon", "supcon+multi-similarity");

    [Theory]
    [MemberData(nameof(LossAndMinerChoices))]
    public void Every_loss_and_miner_trains_a_head_that_separates_the_training_classes(string choice)
    {
        (MetricLoss loss, MetricMiner? miner) = choice switch
        {
            "contrastive" => (new ContrastiveLoss(), null),
            "contrastive+batch-hard" => (new ContrastiveLoss(), new BatchHardMiner()),
            "triplet+batch-hard" => (new TripletMarginLoss { Margin = 0.2 }, new BatchHardMiner()),
            "triplet+semi-hard" => (new TripletMarginLoss { Margin = 0.2 }, new TripletMarginMiner { Type = TripletMiningType.SemiHard }),
            "multi-similarity" => (new MultiSimilarityLoss(), new MultiSimilarityMiner()),
            "proxy-anchor" => (new ProxyAnchorLoss(), null),
            "normalized-softmax" => (new NormalizedSoftmaxLoss(), null),
            "arcface" => (new ArcFaceLoss { Scale = 16 }, null),
            "supcon" => (new SupervisedContrastiveLoss(), null),
            _ => ((MetricLoss)new SupervisedContrastiveLoss(), (MetricMiner?)new MultiSimilarityMiner()),
        };

        // Two well separated Gaussian classes among noise: every loss must bring training-set 1-NN (leave-one-out) near 1.
        (float[][] rows, string[] labels) = Blobs(120, seed: 14);
        EmbeddingHeadTransformer head = Fit(rows, labels, SmallOptions(o => (o.Loss, o.Miner, o.Epochs, o.Activation) = (loss, miner, 8, EmbeddingHeadActivation.Relu)));
        var mlContext = new MLContext(1);
        double recall = NearestNeighborOracle.RecallAtOne(ColumnValues.Vectors(head.Transform(TestData.FromRows(mlContext, rows)), "Embedding"), labels);
        Assert.True(recall >= 0.95, $"{choice}: training Recall@1 {recall:F3}, {head.Training}");
    }

    [Fact]
    public void Progress_reports_every_epoch_and_early_stopping_keeps_the_best_epoch()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(200, [0, 1, 2, 3], seed: 15);
        var reports = new List<DeepMetricLearningProgress>();
        var progress = new SynchronousProgress<DeepMetricLearningProgress>(reports.Add);
        EmbeddingHeadTransformer head = Fit(rows, labels, SmallOptions(o => (o.Epochs, o.EarlyStoppingPatience, o.ValidationFraction, o.Progress) = (60, 2, 0.3, progress)));

        Assert.Equal(Enumerable.Range(1, head.Training.EpochsRun), reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(60, r.Epochs));
        Assert.All(reports, r => Assert.InRange(r.ValidationRecallAtOne, 0, 1));
        Assert.True(head.Training.EpochsRun < 60, $"early stopping never triggered: {head.Training}");
        Assert.Equal(head.Training.EpochsRun - 2, head.Training.KeptEpoch);
        DeepMetricLearningProgress kept = reports[head.Training.KeptEpoch - 1];
        Assert.Equal((kept.Loss, kept.ValidationRecallAtOne), (head.Training.Loss, head.Training.ValidationRecallAtOne));
        Assert.Equal(reports.Max(r => r.ValidationRecallAtOne), kept.ValidationRecallAtOne);
        Assert.True(reports.Skip(head.Training.KeptEpoch).All(r => r.ValidationRecallAtOne <= kept.ValidationRecallAtOne));
    }

    [Fact]
    public void Without_a_validation_split_every_epoch_runs_and_the_last_is_kept()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(64, [0, 1], seed: 16);
        EmbeddingHeadTransformer head = Fit(rows, labels, SmallOptions(o => (o.Epochs, o.ValidationFraction) = (3, 0)));
        Assert.Equal((3, 3), (head.Training.EpochsRun, head.Training.KeptEpoch));
        Assert.True(double.IsNaN(head.Training.ValidationRecallAtOne));
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        (float[][] rows, string[] labels) = ConcentricShells.Create(64, [0, 1], seed: 17);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<DeepMetricLearningProgress>(_ => cancellation.Cancel());
        Assert.Throws<OperationCanceledException>(() => Fit(rows, labels, SmallOptions(o => (o.Epochs, o.Progress, o.CancellationToken) = (50, progress, cancellation.Token))));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A small, quick MLP configuration: 32 -> 16 -> 4, tanh, 4 classes x 4 rows per batch, 6 epochs.</summary>
    internal static DeepMetricLearningOptions SmallOptions(Action<DeepMetricLearningOptions>? change = null)
    {
        var options = new DeepMetricLearningOptions
        {
            OutputColumnName = "Embedding",
            InputColumnName = "Features",
            Rank = 4,
            HiddenLayerSizes = [16],
            Activation = EmbeddingHeadActivation.Tanh,
            ClassesPerBatch = 4,
            SamplesPerClass = 4,
            Epochs = 6,
            LearningRate = 1e-2,
            Seed = 7,
        };
        change?.Invoke(options);
        return options;
    }

    internal static EmbeddingHeadTransformer Fit(float[][] rows, string[] labels, DeepMetricLearningOptions options)
    {
        var mlContext = new MLContext(seed: 1);
        return mlContext.Transforms.DeepMetricLearning(options).Fit(TestData.FromRows(mlContext, rows, labels));
    }

    private static (float[][] Rows, string[] Labels) Blobs(int count, int seed)
    {
        var random = new Random(seed);
        float[][] rows = new float[count][];
        string[] labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (i % 2).ToString(CultureInfo.InvariantCulture);
            rows[i] = Enumerable.Range(0, ConcentricShells.Dimension).Select(j => (float)((j == 0 ? (i % 2 == 0 ? 3 : -3) : 0) + (0.5 * NearestNeighborOracle.Gaussian(random)))).ToArray();
        }

        return (rows, labels);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
