using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using MLEmbeddings.Evaluation;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare retrieval-metrics</c>: leave-one-out Recall@K / MAP@R / R-Precision / MRR of the Fashion-MNIST training
/// images (60,000 x 784 raw pixels scaled to [0, 1], Debian <c>dataset-fashion-mnist</c>) through
/// <c>mlContext.Embeddings().EvaluateRetrieval</c> (fused exact top-k with k = 6,000, the largest class) against a numpy
/// brute force (sgemm per block of queries + argpartition) in the same run, interleaved repetitions, medians. Two
/// configurations: ours at the hardware width vs OpenBLAS auto, ours at Vector256 vs OpenBLAS Haswell.
/// Options: <c>--rows N --threads N --repetitions N</c>.
/// </summary>
public sealed class RetrievalMetricsComparison : IPeerComparison
{
    private const string DataDirectory = "/usr/share/datasets/fashion-mnist";

    public string Name => "retrieval-metrics";

    public string Description => "EvaluateRetrieval (fused top-k) vs numpy brute force, Fashion-MNIST 60k x 784 leave-one-out";

    public int Run(string[] args)
    {
        int rows = Option(args, "--rows", 60_000);
        int threads = Option(args, "--threads", 2);
        int repetitions = Option(args, "--repetitions", 3);
        PeerProcess.EnsurePeers("dataset-fashion-mnist");
        (float[] pixels, float[] labels) = ReadFashionMnist(rows);
        string directory = Directory.CreateTempSubdirectory("retrieval-metrics-").FullName;
        try
        {
            string dataPath = Path.Combine(directory, "x.npy");
            string labelPath = Path.Combine(directory, "y.npy");
            NumpyFile.WriteSingle(dataPath, pixels, rows, 784);
            NumpyFile.WriteSingle(labelPath, labels, rows, 1);
            var mlContext = new MLContext(1);
            IDataView data = ToDataView(mlContext, pixels, labels, rows);
            var options = new RetrievalEvaluationOptions { RecallAtK = [1, 2, 4, 8], MaxDegreeOfParallelism = threads };

            Console.WriteLine($"retrieval-metrics: Fashion-MNIST train, {rows} x 784 (pixels / 255), leave-one-out, {threads} threads, {repetitions} interleaved repetitions (medians)");
            Console.WriteLine($"hardware width {KernelDispatch.HardwareWidth}; load before: {LoadAverage()}");
            var table = new List<string>();
            foreach ((string label, VectorWidth width, string? coreType) in new (string, VectorWidth, string?)[]
            {
                ($"native: ours {KernelDispatch.HardwareWidth} vs OpenBLAS auto", KernelDispatch.HardwareWidth, null),
                ("AVX2: ours Vector256 vs OpenBLAS Haswell", VectorWidth.Vector256, "Haswell"),
            })
            {
                using IDisposable forced = KernelDispatch.Force(width);
                var ours = new List<double>();
                var peer = new List<double>();
                RetrievalMetrics? metrics = null;
                string peerMetrics = string.Empty;
                string peerInfo = string.Empty;
                for (int repetition = 0; repetition < repetitions; repetition++)
                {
                    string[] peerArguments = coreType is null ? [dataPath, labelPath, $"{threads}"] : [dataPath, labelPath, $"{threads}", "--coretype", coreType];
                    string output = PeerProcess.RunPython("retrieval_metrics.py", peerArguments);
                    string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    peer.Add(double.Parse(lines.First(l => l.StartsWith("seconds=", StringComparison.Ordinal))["seconds=".Length..], CultureInfo.InvariantCulture));
                    peerMetrics = lines.First(l => l.StartsWith("metrics=", StringComparison.Ordinal))["metrics=".Length..];
                    peerInfo = string.Join("; ", lines.Where(l => !l.StartsWith("seconds=", StringComparison.Ordinal) && !l.StartsWith("metrics=", StringComparison.Ordinal)));

                    Stopwatch watch = Stopwatch.StartNew();
                    metrics = mlContext.Embeddings().EvaluateRetrieval(data, options);
                    ours.Add(watch.Elapsed.TotalSeconds);
                    Console.WriteLine($"  {label}, repetition {repetition + 1}: ours {ours[^1]:F1} s, numpy {peer[^1]:F1} s (load {LoadAverage()})");
                }

                Console.WriteLine($"  peer: {peerInfo}");
                Console.WriteLine($"  numpy metrics: {peerMetrics}");
                Console.WriteLine($"  ours metrics:  precision_at_1:{metrics!.PrecisionAt1:F10},r_precision:{metrics.RPrecision:F10},map_at_r:{metrics.MeanAveragePrecisionAtR:F10},mrr:{metrics.MeanReciprocalRank:F10},"
                    + string.Join(",", metrics.RecallAtK.Select(p => $"recall_at_{p.Key}:{p.Value:F10}")));
                table.Add($"{label,-44} {Median(ours),10:F1} {Median(peer),10:F1} {Median(peer) / Median(ours),8:F2} {metrics.MeanAveragePrecisionAtR,8:F4} {metrics.RecallAtK[1],8:F4}");
            }

            Console.WriteLine();
            Console.WriteLine($"{"configuration",-44} {"ours s",10} {"numpy s",10} {"speedup",8} {"MAP@R",8} {"R@1",8}");
            table.ForEach(Console.WriteLine);
            Console.WriteLine($"Load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IDataView ToDataView(MLContext mlContext, float[] pixels, float[] labels, int rows)
    {
        var items = Enumerable.Range(0, rows).Select(i => new Image { Features = pixels.AsSpan(i * 784, 784).ToArray(), Label = (uint)labels[i] }).ToList();
        var definition = SchemaDefinition.Create(typeof(Image));
        definition[nameof(Image.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 784);
        definition[nameof(Image.Label)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        return mlContext.Data.LoadFromEnumerable(items, definition);
    }

    private static (float[] Pixels, float[] Labels) ReadFashionMnist(int rows)
    {
        byte[] images = ReadGzip(Path.Combine(DataDirectory, "train-images-idx3-ubyte.gz"));
        byte[] classes = ReadGzip(Path.Combine(DataDirectory, "train-labels-idx1-ubyte.gz"));
        rows = Math.Min(rows, (classes.Length - 8));
        var pixels = new float[rows * 784];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[16 + i] / 255f;
        }

        float[] labels = classes.AsSpan(8, rows).ToArray().Select(b => (float)b).ToArray();
        return (pixels, labels);
    }

    private static byte[] ReadGzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static int Option(string[] args, string name, int defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : defaultValue;
    }

    private sealed class Image
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
