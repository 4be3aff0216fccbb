using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare ann</c>: our HNSW and IVF-Flat against hnswlib (HNSW, M = 16, efConstruction = 200), faiss
/// <c>IndexHNSWFlat</c> and faiss <c>IndexIVFFlat</c>, on Fashion-MNIST (60,000 x 784 base, 10,000 queries) and on
/// 100,000 x 128 seeded clustered Gaussians (10,000 queries), Euclidean, k = 10, 2 threads. Reports build time and
/// recall@10 against exact search versus queries per second for efSearch 16..256 and nprobe 1..64, and the bytes per
/// vector of float / int8 / binary storage; writes a recall-vs-throughput PNG. Every index is built once (the peers
/// save theirs); then each of the repetitions is one round in which ours and each peer (loading its saved index)
/// sweep all settings, so that the load of the shared machine hits all alike; medians over the rounds are reported.
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
            var peerFiles = new PeerFiles(basePath, queryPath, truthPath, directory, threads, lists);
            double hnswlibBuild = peers ? PeerBuild("hnswlib", peerFiles) : 0;
            double faissHnswBuild = peers ? PeerBuild("faiss-hnsw", peerFiles) : 0;
            watch.Restart();
            VectorIndex ivf = new IvfIndexOptions { NumberOfLists = lists }.Build(baseView, DistanceMetric.SquaredEuclidean, seed: 42, threads);
            double ivfBuild = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"ours IVF-Flat: build {ivfBuild:F2} s; load {LoadAverage()}");
            double faissIvfBuild = peers ? PeerBuild("faiss-ivf", peerFiles) : 0;

            // Interleaved rounds: each round sweeps every index once (ours, then the peers loading their saved index).
            var ours = new Sweep($"{name}: ours HNSW", hnswBuild);
            var oursIvf = new Sweep($"{name}: ours IVF-Flat", ivfBuild);
            Sweep? hnswlib = peers ? new Sweep($"{name}: hnswlib", hnswlibBuild) : null;
            Sweep? faissHnsw = peers ? new Sweep($"{name}: faiss HNSW", faissHnswBuild) : null;
            Sweep? faissIvf = peers ? new Sweep($"{name}: faiss IVF-Flat", faissIvfBuild) : null;
            for (int round = 0; round < repetitions; round++)
            {
                Measure(ours, EfValues, ef => new VectorSearchOptions { EfSearch = ef, MaxDegreeOfParallelism = threads }, hnsw, queryView, truth, K);
                if (hnswlib is not null)
                {
                    PeerSearch(hnswlib, "hnswlib", peerFiles, queryRows);
                    PeerSearch(faissHnsw!, "faiss-hnsw", peerFiles, queryRows);
                }

                Measure(oursIvf, ProbeValues, probes => new VectorSearchOptions { NumberOfProbes = probes, MaxDegreeOfParallelism = threads }, ivf, queryView, truth, K);
                if (faissIvf is not null)
                {
                    PeerSearch(faissIvf, "faiss-ivf", peerFiles, queryRows);
                }

                Console.WriteLine($"round {round + 1} of {repetitions} done; load {LoadAverage()}");
            }

            Curve oursCurve = ours.ToCurve();
            Curve oursIvfCurve = oursIvf.ToCurve();
            Curve? hnswlibCurve = hnswlib?.ToCurve();
            Curve? faissHnswCurve = faissHnsw?.ToCurve();
            Curve? faissIvfCurve = faissIvf?.ToCurve();
            foreach (Curve? curve in new[] { oursCurve, hnswlibCurve, faissHnswCurve, oursIvfCurve, faissIvfCurve })
            {
                if (curve is not null)
                {
                    curves.Add(curve);
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{"index",-44} {"build s",8} {"param",6} {"recall@10",10} {"q/s",10}");
            foreach (Curve? curve in new[] { oursCurve, hnswlibCurve, faissHnswCurve, oursIvfCurve, faissIvfCurve })
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

            Summarize("HNSW vs hnswlib", oursCurve, hnswlibCurve);
            Summarize("HNSW vs faiss HNSW", oursCurve, faissHnswCurve);
            Summarize("IVF vs faiss IVF-Flat", oursIvfCurve, faissIvfCurve);
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

    // One sweep of every setting, one timed search each (after a short warm-up), added to the sweep's samples.
    private static void Measure(Sweep sweep, int[] parameters, Func<int, VectorSearchOptions> options, VectorIndex index, ReadOnlyMatrixView queries, int[] truth, int k)
    {
        var ids = new int[queries.Rows * k];
        var scores = new float[ids.Length];
        foreach (int parameter in parameters)
        {
            VectorSearchOptions settings = options(parameter);
            int warm = Math.Min(256, queries.Rows);
            index.Search(queries.SliceRows(0, warm), k, ids.AsSpan(0, warm * k), scores.AsSpan(0, warm * k), settings);
            Stopwatch watch = Stopwatch.StartNew();
            index.Search(queries, k, ids, scores, settings);
            sweep.Add(parameter, Recall(ids, truth, queries.Rows, k), queries.Rows / watch.Elapsed.TotalSeconds);
        }
    }

    private static double PeerBuild(string library, PeerFiles files)
    {
        string output = PeerProcess.RunPython("ann_peers.py", [.. files.Arguments(library), "--build-only"]);
        double build = 0;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("build", StringComparison.Ordinal))
            {
                build = double.Parse(Fields(line)["seconds"], CultureInfo.InvariantCulture);
            }
        }

        Console.WriteLine($"{library}: build {build:F2} s; load {LoadAverage()}");
        return build;
    }

    private static void PeerSearch(Sweep sweep, string library, PeerFiles files, int queries)
    {
        string output = PeerProcess.RunPython("ann_peers.py", [.. files.Arguments(library), "--search-only", "--repetitions", "1"]);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Dictionary<string, string> fields = Fields(line);
            if (line.StartsWith("search", StringComparison.Ordinal))
            {
                sweep.Add(
                    int.Parse(fields["param"], CultureInfo.InvariantCulture),
                    double.Parse(fields["recall"], CultureInfo.InvariantCulture),
                    queries / double.Parse(fields["seconds"], CultureInfo.InvariantCulture));
            }
            else if (!sweep.PeerInfo.Contains(line))
            {
                sweep.PeerInfo.Add(line);
                Console.WriteLine($"  {library} peer: {line}");
            }
        }
    }

    private static Dictionary<string, string> Fields(string line)
        => line.Split(' ').Where(f => f.Contains('=', StringComparison.Ordinal)).Select(f => f.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);

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

    /// <summary>The files and settings every peer call shares.</summary>
    private sealed record PeerFiles(string BasePath, string QueryPath, string TruthPath, string Directory, int Threads, int Lists)
    {
        public string[] Arguments(string library) =>
        [
            BasePath, QueryPath, TruthPath, $"{Threads}", library,
            "--ef", string.Join(',', EfValues), "--probes", string.Join(',', ProbeValues), "--lists", $"{Lists}",
            "--index", Path.Combine(Directory, $"{library}.index"),
        ];
    }

    /// <summary>The samples of one index over the interleaved rounds: per setting, the recall and each round's queries per second.</summary>
    private sealed class Sweep(string label, double buildSeconds)
    {
        private readonly SortedDictionary<int, (double Recall, List<double> Rates)> _samples = [];

        public List<string> PeerInfo { get; } = [];

        public void Add(int parameter, double recall, double rate)
        {
            if (!_samples.TryGetValue(parameter, out var entry))
            {
                entry = (recall, []);
                _samples[parameter] = entry;
            }

            entry.Rates.Add(rate);
        }

        public Curve ToCurve() => new(label, buildSeconds, [.. _samples.Select(p => new Point(p.Key, p.Value.Recall, Median(p.Value.Rates)))]);
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
