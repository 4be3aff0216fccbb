using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare ann</c>: our HNSW and IVF-Flat against hnswlib (HNSW, M = 16, efConstruction = 200), faiss
/// <c>IndexHNSWFlat</c> and faiss <c>IndexIVFFlat</c>, on Fashion-MNIST (60,000 x 784 base, 10,000 queries) and on
/// 100,000 x 128 seeded clustered Gaussians (10,000 queries), Euclidean, k = 10, 2 threads. Reports build time and
/// recall@10 against exact search versus queries per second for efSearch 16..256 and nprobe 1..64 (medians of
/// repetitions), the bytes per vector of float / int8 / binary storage, and writes a recall-vs-throughput PNG.
/// Options: <c>--dataset fashion|clustered|both --threads N --repetitions N --base N --queries N --peers yes|no --plot PATH --width native|256</c>.
/// </summary>
public sealed class AnnComparison : IPeerComparison
{
    private static readonly int[] EfValues = [16, 24, 32, 48, 64, 96, 128, 256];
    private static readonly int[] ProbeValues = [1, 2, 4, 8, 16, 32, 64];

    public string Name => "ann";

    public string Description => "HNSW / IVF-Flat vs hnswlib, faiss HNSW and faiss IVF-Flat (Fashion-MNIST, 100k x 128 clustered; 2 threads)";

    public int Run(string[] args)
    {
        string dataset = Text(args, "--dataset", "both");
        int threads = Option(args, "--threads", 2);
        int repetitions = Option(args, "--repetitions", 3);
        int queryLimit = Option(args, "--queries", 10_000);
        int baseLimit = Option(args, "--base", int.MaxValue);
        bool peers = Text(args, "--peers", "yes") == "yes";
        string plot = Text(args, "--plot", Path.Combine(PeerProcess.PeersDirectory, "..", "ann-recall-throughput.png"));
        VectorWidth width = Text(args, "--width", "native") == "256" ? VectorWidth.Vector256 : KernelDispatch.HardwareWidth;
        if (peers)
        {
            PeerProcess.EnsurePeers("python3-faiss", "python3-hnswlib", "dataset-fashion-mnist");
        }

        using IDisposable forced = KernelDispatch.Force(width);
        Console.WriteLine($"ann: {threads} threads, {repetitions} repetitions (medians), width {width}; load before: {LoadAverage()}");
        var curves = new List<Curve>();
        if (dataset is "fashion" or "both")
        {
            (float[] train, float[] test) = AnnDatasets.FashionMnist();
            RunDataset("Fashion-MNIST", train, test, 784, baseLimit, queryLimit, threads, repetitions, peers, curves);
        }

        if (dataset is "clustered" or "both")
        {
            float[] train = AnnDatasets.Clustered(100_000, 128, 1000, 0.45f, seed: 1, centreSeed: 7);
            float[] test = AnnDatasets.Clustered(10_000, 128, 1000, 0.45f, seed: 2, centreSeed: 7);
            RunDataset("clustered 100k x 128", train, test, 128, baseLimit, queryLimit, threads, repetitions, peers, curves);
        }

        RecallPlot.Write(plot, curves);
        Console.WriteLine($"plot: {Path.GetFullPath(plot)}; load after: {LoadAverage()}");
        return 0;
    }

    private static void RunDataset(string name, float[] train, float[] test, int dimension, int baseLimit, int queryLimit, int threads, int repetitions, bool peers, List<Curve> curves)
    {
        const int K = 10;
        int baseRows = Math.Min(baseLimit, train.Length / dimension);
        int queryRows = Math.Min(queryLimit, test.Length / dimension);
        var baseView = new ReadOnlyMatrixView(train, baseRows, dimension);
        var queryView = new ReadOnlyMatrixView(test, queryRows, dimension);
        var truth = new int[queryRows * K];
        var truthScores = new float[truth.Length];
        ExactNearestNeighbors.SearchOnce(baseView, DistanceMetric.SquaredEuclidean, queryView, K, truth, truthScores, maxDegreeOfParallelism: threads);
        int lists = (int)Math.Round(Math.Sqrt(baseRows));
        Console.WriteLine();
        Console.WriteLine($"== {name}: {baseRows} x {dimension} base, {queryRows} queries, k = {K}; IVF lists = {lists}");

        string directory = Directory.CreateTempSubdirectory("ann-").FullName;
        try
        {
            string basePath = Path.Combine(directory, "base.npy");
            string queryPath = Path.Combine(directory, "queries.npy");
            string truthPath = Path.Combine(directory, "truth.npy");
            NumpyFile.WriteSingle(basePath, train.AsSpan(0, baseRows * dimension), baseRows, dimension);
            NumpyFile.WriteSingle(queryPath, test.AsSpan(0, queryRows * dimension), queryRows, dimension);
            NumpyFile.WriteInt64(truthPath, truth, queryRows, K);

            Stopwatch watch = Stopwatch.StartNew();
            VectorIndex hnsw = new HnswIndexOptions { M = 16, EfConstruction = 200 }.Build(baseView, DistanceMetric.SquaredEuclidean, seed: 42, threads);
            double hnswBuild = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"ours HNSW: build {hnswBuild:F2} s, {hnsw.MemoryBytes / (double)baseRows:F0} bytes per vector (vectors + graph); load {LoadAverage()}");
            Curve ours = Measure($"{name}: ours HNSW", hnswBuild, EfValues, ef => new VectorSearchOptions { EfSearch = ef, MaxDegreeOfParallelism = threads }, hnsw, queryView, truth, K, repetitions);
            curves.Add(ours);

            Curve? hnswlib = peers ? Peer($"{name}: hnswlib", "hnswlib", basePath, queryPath, truthPath, threads, repetitions, lists) : null;
            Curve? faissHnsw = peers ? Peer($"{name}: faiss HNSW", "faiss-hnsw", basePath, queryPath, truthPath, threads, repetitions, lists) : null;

            watch.Restart();
            VectorIndex ivf = new IvfIndexOptions { NumberOfLists = lists }.Build(baseView, DistanceMetric.SquaredEuclidean, seed: 42, threads);
            double ivfBuild = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"ours IVF-Flat: build {ivfBuild:F2} s; load {LoadAverage()}");
            Curve oursIvf = Measure($"{name}: ours IVF-Flat", ivfBuild, ProbeValues, probes => new VectorSearchOptions { NumberOfProbes = probes, MaxDegreeOfParallelism = threads }, ivf, queryView, truth, K, repetitions);
            curves.Add(oursIvf);
            Curve? faissIvf = peers ? Peer($"{name}: faiss IVF-Flat", "faiss-ivf", basePath, queryPath, truthPath, threads, repetitions, lists) : null;

            foreach (Curve? curve in new[] { hnswlib, faissHnsw, faissIvf })
            {
                if (curve is not null)
                {
                    curves.Add(curve);
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{"index",-44} {"build s",8} {"param",6} {"recall@10",10} {"q/s",10}");
            foreach (Curve? curve in new[] { ours, hnswlib, faissHnsw, oursIvf, faissIvf })
            {
                if (curve is null)
                {
                    continue;
                }

                foreach (Point point in curve.Points)
                {
                    Console.WriteLine($"{curve.Label,-44} {curve.BuildSeconds,8:F2} {point.Parameter,6} {point.Recall,10:F4} {point.QueriesPerSecond,10:F0}");
                }
            }

            Summarize("HNSW vs hnswlib", ours, hnswlib);
            Summarize("IVF vs faiss IVF-Flat", oursIvf, faissIvf);
            StorageSizes(baseView);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Throughput of each index at equal recall: for each recall level the peer reaches, ours interpolated on its curve.
    private static void Summarize(string title, Curve ours, Curve? peer)
    {
        if (peer is null)
        {
            return;
        }

        Console.WriteLine($"{title}: build {ours.BuildSeconds:F2} s vs {peer.BuildSeconds:F2} s ({ours.BuildSeconds / peer.BuildSeconds:F2} x)");
        foreach (Point point in peer.Points)
        {
            double? mine = ours.ThroughputAt(point.Recall);
            Console.WriteLine($"  at recall {point.Recall:F4}: peer {point.QueriesPerSecond:F0} q/s, ours {(mine is null ? "n/a" : $"{mine:F0}")} q/s{(mine is null ? string.Empty : $" ({mine / point.QueriesPerSecond:F2} x)")}");
        }
    }

    private static void StorageSizes(ReadOnlyMatrixView vectors)
    {
        int rows = Math.Min(vectors.Rows, 20_000);
        ReadOnlyMatrixView sample = vectors.SliceRows(0, rows);
        Console.WriteLine($"bytes per vector (flat storage, d = {vectors.Columns}):");
        foreach ((string label, QuantizationOptions? quantization) in new (string, QuantizationOptions?)[]
        {
            ("float", null),
            ("int8, no re-ranking copy", new QuantizationOptions { Kind = QuantizationKind.EightBit, RerankingFactor = 0 }),
            ("binary, no re-ranking copy", new QuantizationOptions { Kind = QuantizationKind.Binary, RerankingFactor = 0 }),
            ("int8 + float copy for re-ranking", new QuantizationOptions { Kind = QuantizationKind.EightBit }),
            ("binary + float copy for re-ranking", new QuantizationOptions { Kind = QuantizationKind.Binary }),
        })
        {
            VectorIndex index = new FlatIndexOptions { Quantization = quantization }.Build(sample, DistanceMetric.SquaredEuclidean, seed: 1);
            Console.WriteLine($"  {label,-36} {index.MemoryBytes / (double)rows,8:F1}");
        }
    }

    private static Curve Measure(string label, double buildSeconds, int[] parameters, Func<int, VectorSearchOptions> options, VectorIndex index, ReadOnlyMatrixView queries, int[] truth, int k, int repetitions)
    {
        var ids = new int[queries.Rows * k];
        var scores = new float[ids.Length];
        var points = new List<Point>();
        foreach (int parameter in parameters)
        {
            VectorSearchOptions settings = options(parameter);
            int warm = Math.Min(256, queries.Rows);
            index.Search(queries.SliceRows(0, warm), k, ids.AsSpan(0, warm * k), scores.AsSpan(0, warm * k), settings);
            var seconds = new List<double>();
            for (int repetition = 0; repetition < repetitions; repetition++)
            {
                Stopwatch watch = Stopwatch.StartNew();
                index.Search(queries, k, ids, scores, settings);
                seconds.Add(watch.Elapsed.TotalSeconds);
            }

            points.Add(new Point(parameter, Recall(ids, truth, queries.Rows, k), queries.Rows / Median(seconds)));
        }

        return new Curve(label, buildSeconds, points);
    }

    private static Curve Peer(string label, string library, string basePath, string queryPath, string truthPath, int threads, int repetitions, int lists)
    {
        string output = PeerProcess.RunPython(
            "ann_peers.py",
            basePath,
            queryPath,
            truthPath,
            $"{threads}",
            library,
            "--ef",
            string.Join(',', EfValues),
            "--probes",
            string.Join(',', ProbeValues),
            "--lists",
            $"{lists}",
            "--repetitions",
            $"{repetitions}");
        double build = 0;
        int queries = 0;
        var points = new List<Point>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Dictionary<string, string> fields = line.Split(' ').Where(f => f.Contains('=', StringComparison.Ordinal)).Select(f => f.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            if (line.StartsWith("build", StringComparison.Ordinal))
            {
                build = double.Parse(fields["seconds"], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("search", StringComparison.Ordinal))
            {
                queries = queries == 0 ? (int)NumpyRows(queryPath) : queries;
                points.Add(new Point(
                    int.Parse(fields["param"], CultureInfo.InvariantCulture),
                    double.Parse(fields["recall"], CultureInfo.InvariantCulture),
                    queries / double.Parse(fields["seconds"], CultureInfo.InvariantCulture)));
            }
            else
            {
                Console.WriteLine($"  {label} peer: {line}");
            }
        }

        Console.WriteLine($"{label}: build {build:F2} s; load {LoadAverage()}");
        return new Curve(label, build, points);
    }

    private static long NumpyRows(string path)
    {
        using FileStream stream = File.OpenRead(path);
        var header = new byte[128];
        stream.ReadExactly(header);
        string text = System.Text.Encoding.ASCII.GetString(header);
        int open = text.IndexOf("'shape': (", StringComparison.Ordinal) + 10;
        return long.Parse(text[open..text.IndexOf(',', open)], CultureInfo.InvariantCulture);
    }

    private static double Recall(int[] ids, int[] truth, int queries, int k)
    {
        long found = 0;
        for (int q = 0; q < queries; q++)
        {
            ReadOnlySpan<int> expected = truth.AsSpan(q * k, k);
            for (int j = 0; j < k; j++)
            {
                found += expected.Contains(ids[(q * k) + j]) ? 1 : 0;
            }
        }

        return (double)found / ((long)queries * k);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static int Option(string[] args, string name, int defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : defaultValue;
    }

    private static string Text(string[] args, string name, string defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? args[position + 1] : defaultValue;
    }

    /// <summary>One measured setting: efSearch or nprobe, recall@k and queries per second.</summary>
    public sealed record Point(int Parameter, double Recall, double QueriesPerSecond);

    /// <summary>One index's recall-vs-throughput curve and its build time.</summary>
    public sealed record Curve(string Label, double BuildSeconds, List<Point> Points)
    {
        /// <summary>Queries per second at <paramref name="recall"/>, interpolated linearly between measured points (null when out of range).</summary>
        public double? ThroughputAt(double recall)
        {
            Point[] sorted = [.. Points.OrderBy(p => p.Recall)];
            for (int i = 0; i < sorted.Length; i++)
            {
                if (Math.Abs(sorted[i].Recall - recall) < 1e-9)
                {
                    return sorted[i].QueriesPerSecond;
                }

                if (i > 0 && sorted[i - 1].Recall < recall && sorted[i].Recall > recall)
                {
                    double t = (recall - sorted[i - 1].Recall) / (sorted[i].Recall - sorted[i - 1].Recall);
                    return sorted[i - 1].QueriesPerSecond + (t * (sorted[i].QueriesPerSecond - sorted[i - 1].QueriesPerSecond));
                }
            }

            return null;
        }
    }
}
