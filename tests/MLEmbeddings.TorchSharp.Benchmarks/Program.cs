using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Benchmarks;
using MLEmbeddings.DeepMetricLearning;
using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

// Deep metric learning on Fashion-MNIST pixels (Debian dataset-fashion-mnist):
//   1. training throughput (samples/s) of an MLP head 784 -> 256 -> 64, multi-similarity loss and miner, batches of
//      256 (8 classes x 32 rows), AdamW, on --threads libtorch threads; epochs after the first, median;
//   2. inference throughput of the trained head: our kernels (EmbeddingHeadNetwork) vs the same weights in TorchSharp
//      (F.linear, ReLU, F.normalize under no_grad), interleaved repetitions, medians, batch 256 and one block;
//   3. class split: train on classes 0-4, leave-one-out Recall@1 among test images of classes 5-9: raw pixels vs
//      NCA (rank 64) vs the deep head.
// Options: --train-rows N --epochs N --threads N --repetitions N --inference-rows N --split-train-rows N --split-test-rows N
//          --nca-iterations N --deep-epochs N --deep-rank N --deep-hidden N --deep-learning-rate X --skip-speed --skip-nca --skip-split
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "true");
int Option(string name, int fallback) => options.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
int threads = Option("threads", 2);
int repetitions = Option("repetitions", 5);
torch.set_num_threads(threads);
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch threads {torch.get_num_threads()}, kernel width {KernelDispatch.HardwareWidth}, load {File.ReadAllText("/proc/loadavg").Trim()}");

var mlContext = new MLContext(seed: 1);

// 1. Training throughput.
if (!options.ContainsKey("skip-speed"))
{
    MeasureSpeed();
}

void MeasureSpeed()
{
    MetricLearningDataSet pixels = MetricLearningDataSets.FashionMnistPixels(Option("train-rows", 10000), Option("inference-rows", 10000));
    var epochTimes = new List<double>();
    var clock = Stopwatch.StartNew();
    double last = 0;
    var training = new DeepMetricLearningOptions
    {
        OutputColumnName = "Embedding",
        InputColumnName = "Features",
        Rank = 64,
        HiddenLayerSizes = [256],
        Loss = new MultiSimilarityLoss(),
        Miner = new MultiSimilarityMiner(),
        ClassesPerBatch = 8,
        SamplesPerClass = 32,
        Epochs = Option("epochs", 4),
        ValidationFraction = 0,
        Seed = 1,
        Progress = new Reporter(p =>
        {
            double now = clock.Elapsed.TotalSeconds;
            epochTimes.Add(now - last);
            last = now;
            Console.WriteLine($"  epoch {p.Epoch}: loss {p.Loss:F4}, {epochTimes[^1]:F2} s");
        }),
    };
    IDataView trainData = Load(mlContext, pixels.Train, pixels.TrainLabels, pixels.Dimension);
    clock.Restart();
    EmbeddingHeadTransformer head = mlContext.Transforms.DeepMetricLearning(training).Fit(trainData);
    int samplesPerEpoch = (pixels.TrainCount + 255) / 256 * 256;
    double[] steady = epochTimes.Skip(1).Order().ToArray();
    Console.WriteLine($"training: {pixels.TrainCount} rows, {samplesPerEpoch} samples per epoch, epoch seconds {string.Join(" / ", epochTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}");
    Console.WriteLine($"training throughput (median of epochs 2..{epochTimes.Count}): {samplesPerEpoch / steady[steady.Length / 2]:F0} samples/s");

    // 2. Inference throughput, ours vs TorchSharp with the same weights.
    EmbeddingHeadNetwork network = head.Network;
    int rows = pixels.Test.Length / pixels.Dimension;
    var ours = new float[rows * 64];
    var oursTimes = new Dictionary<int, List<double>> { [256] = [], [rows] = [] };
    var torchTimes = new Dictionary<int, List<double>> { [256] = [], [rows] = [] };
    Tensor[] weights = head.Layers.Select(l => tensor(l.Weights.AsSpan().ToArray(), [l.OutputSize, l.InputSize])).ToArray();
    Tensor[] biases = head.Layers.Select(l => tensor(l.Bias.ToArray())).ToArray();
    float[] theirs = [];
    for (int repetition = 0; repetition <= repetitions; repetition++)
    {
        foreach (int batch in oursTimes.Keys)
        {
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < rows; start += batch)
            {
                int count = Math.Min(batch, rows - start);
                network.Forward(new ReadOnlyMatrixView(pixels.Test.AsMemory(start * 784, count * 784), count, 784), new MatrixView(ours.AsMemory(start * 64, count * 64), count, 64), threads);
            }

            double oursSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var collected = new List<float>(rows * 64);
            using (no_grad())
            {
                for (int start = 0; start < rows; start += batch)
                {
                    int count = Math.Min(batch, rows - start);
                    using DisposeScope scope = NewDisposeScope();
                    Tensor x = tensor(pixels.Test.AsSpan(start * 784, count * 784).ToArray(), [count, 784]);
                    Tensor hidden = nn.functional.relu(nn.functional.linear(x, weights[0], biases[0]));
                    Tensor output = nn.functional.normalize(nn.functional.linear(hidden, weights[1], biases[1]), p: 2, dim: 1, eps: 1e-12);
                    collected.AddRange(output.data<float>().ToArray());
                }
            }

            double torchSeconds = watch.Elapsed.TotalSeconds;
            theirs = collected.ToArray();
            if (repetition > 0)
            {
                oursTimes[batch].Add(oursSeconds);
                torchTimes[batch].Add(torchSeconds);
            }
        }
    }

    double difference = ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second));
    Console.WriteLine($"inference of {rows} rows ({repetitions} interleaved repetitions after a warm-up, medians), max |ours - TorchSharp| = {difference:E2}");
    Console.WriteLine("| batch | ours rows/s | TorchSharp rows/s | ours / TorchSharp time |");
    Console.WriteLine("|---:|---:|---:|---:|");
    foreach (int batch in oursTimes.Keys)
    {
        double o = Median(oursTimes[batch]), t = Median(torchTimes[batch]);
        Console.WriteLine($"| {batch} | {rows / o:F0} | {rows / t:F0} | {o / t:F2} |");
    }
}

// 3. Class split Recall@1.
if (!options.ContainsKey("skip-split"))
{
    MetricLearningDataSet split = MetricLearningDataSets.FashionMnistPixels(Option("split-train-rows", 10000), Option("split-test-rows", 4000));
    int[] seen = Enumerable.Range(0, split.TrainCount).Where(i => split.TrainLabels[i] < 5).ToArray();
    int[] unseen = Enumerable.Range(0, split.TestLabels.Length).Where(i => split.TestLabels[i] >= 5).ToArray();
    float[] Rows(float[] values, int[] indices) => indices.SelectMany(i => values.AsSpan(i * 784, 784).ToArray()).ToArray();
    float[] seenRows = Rows(split.Train, seen);
    int[] seenLabels = seen.Select(i => split.TrainLabels[i]).ToArray();
    float[] unseenRows = Rows(split.Test, unseen);
    int[] unseenLabels = unseen.Select(i => split.TestLabels[i]).ToArray();
    IDataView seenData = Load(mlContext, seenRows, seenLabels, 784);
    IDataView unseenData = Load(mlContext, unseenRows, unseenLabels, 784);

    var watch = Stopwatch.StartNew();
    var nca = options.ContainsKey("skip-nca") ? null : mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "Embedding", InputColumnName = "Features", Rank = 64, MaximumNumberOfIterations = Option("nca-iterations", 30) }).Fit(seenData);
    double ncaSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    var deepOptions = new DeepMetricLearningOptions
    {
        OutputColumnName = "Embedding",
        InputColumnName = "Features",
        Rank = Option("deep-rank", 64),
        HiddenLayerSizes = [Option("deep-hidden", 256)],
        LearningRate = options.TryGetValue("deep-learning-rate", out string? rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : 1e-3,
        ClassesPerBatch = 5,
        SamplesPerClass = 32,
        Epochs = Option("deep-epochs", 15),
        Seed = 1,
        Progress = new Reporter(p => Console.WriteLine($"  deep head epoch {p.Epoch}: loss {p.Loss:F4}, held-out Recall@1 (classes 0-4) {p.ValidationRecallAtOne:F4}")),
    };
    EmbeddingHeadTransformer deep = mlContext.Transforms.DeepMetricLearning(deepOptions).Fit(seenData);
    double deepSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"class split: train {seen.Length} images of classes 0-4, Recall@1 among {unseen.Length} test images of classes 5-9 (leave-one-out)");
    Console.WriteLine("| features | Recall@1 | fit s |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| raw pixels (784) | {RecallAtOne(unseenRows, unseenLabels, 784):F4} | - |");
    if (nca is not null)
    {
        Console.WriteLine($"| NCA rank 64 | {RecallAtOne(Embed(nca, unseenData), unseenLabels, 64):F4} | {ncaSeconds:F1} |");
    }

    Console.WriteLine($"| deep head 784-{deepOptions.HiddenLayerSizes[0]}-{deepOptions.Rank} (multi-similarity, learning rate {deepOptions.LearningRate}, kept epoch {deep.Training.KeptEpoch} of {deep.Training.EpochsRun}) | {RecallAtOne(Embed(deep, unseenData), unseenLabels, deep.Rank):F4} | {deepSeconds:F1} |");
}

return 0;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static IDataView Load(MLContext mlContext, float[] values, int[] labels, int dimension)
{
    var items = labels.Select((label, i) => new Row { Features = values.AsSpan(i * dimension, dimension).ToArray(), LabelText = label.ToString(CultureInfo.InvariantCulture) }).ToList();
    var definition = SchemaDefinition.Create(typeof(Row));
    definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
    IDataView data = mlContext.Data.LoadFromEnumerable(items, definition);
    return mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(Row.LabelText)).Fit(data).Transform(data);
}

static float[] Embed(ITransformer transformer, IDataView data)
{
    IDataView scored = transformer.Transform(data);
    var values = new List<float>();
    using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Embedding"]]);
    ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Embedding"]);
    VBuffer<float> buffer = default;
    while (cursor.MoveNext())
    {
        getter(ref buffer);
        values.AddRange(buffer.DenseValues());
    }

    return values.ToArray();
}

static double RecallAtOne(float[] values, int[] labels, int dimension)
{
    var view = new ReadOnlyMatrixView(values, labels.Length, dimension);
    var index = new ExactNearestNeighbors(view, DistanceMetric.SquaredEuclidean);
    var nearest = new int[labels.Length];
    index.Search(view, 1, nearest, [], Enumerable.Range(0, labels.Length).ToArray());
    return nearest.Select((n, i) => labels[n] == labels[i] ? 1.0 : 0.0).Average();
}

/// <summary>One input row.</summary>
internal sealed class Row
{
    /// <summary>Pixels.</summary>
    public float[] Features { get; set; } = [];

    /// <summary>Class as text.</summary>
    public string LabelText { get; set; } = string.Empty;
}

/// <summary>Reports progress on the training thread.</summary>
internal sealed class Reporter(Action<DeepMetricLearningProgress> report) : IProgress<DeepMetricLearningProgress>
{
    public void Report(DeepMetricLearningProgress value) => report(value);
}
