using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare nca</c>: our Neighbourhood Components Analysis against scikit-learn's <c>NeighborhoodComponentsAnalysis</c>
/// (PCA start, same iteration budget and tolerance: scikit-learn's default 1e-5, or 0 to run the whole budget) on
/// standardized digits (1,347 x 64 -> 32)
/// and on Fashion-MNIST images reduced to 64 dimensions by PCA (-> 32): fit time (interleaved repetitions, medians),
/// iterations, final objective and held-out 1-NN / 5-NN accuracy. Two configurations, as for every comparison: ours at
/// the hardware width vs OpenBLAS choosing its kernels, and ours forced to Vector256 vs OpenBLAS Haswell (AVX2). Then
/// fit time and accuracy of NCA, LMNN, ITML and LFDA at growing n (no peer: metric-learn is not packaged).
/// Options: <c>--datasets digits,fashion --digits-iterations N --fashion-iterations N --tolerance X --fashion-rows N
/// --test-rows N --repetitions N --threads N --rank N --sizes 2000,5000,10000 --skip-scaling --skip-avx2</c>.
/// </summary>
public sealed class NeighborhoodComponentsComparison : IPeerComparison
{
    public string Name => "nca";

    public string Description => "NCA vs scikit-learn NeighborhoodComponentsAnalysis (digits, Fashion-MNIST PCA-64 -> 32), then NCA/LMNN/ITML/LFDA time and accuracy at n = 2k/5k/10k";

    public int Run(string[] args)
    {
        string[] datasets = Text(args, "--datasets", "digits,fashion").Split(',');
        int threads = Number(args, "--threads", 2);
        int rank = Number(args, "--rank", 32);
        int repetitions = Number(args, "--repetitions", 3);
        int fashionRows = Number(args, "--fashion-rows", 10_000);
        int testRows = Number(args, "--test-rows", 2_000);
        bool skipAvx2 = args.Contains("--skip-avx2");
        int position = Array.IndexOf(args, "--tolerance");
        double tolerance = position >= 0 ? double.Parse(args[position + 1], CultureInfo.InvariantCulture) : 1e-5;
        PeerProcess.EnsurePeers("python3-sklearn");
        Console.WriteLine($"nca: rank {rank}, tolerance {tolerance}, {threads} threads, {repetitions} interleaved repetitions (medians); hardware width {KernelDispatch.HardwareWidth}; load before: {LoadAverage()}");

        MetricLearningDataSet? fashion = null;
        var rows = new List<string>();
        foreach (string name in datasets)
        {
            MetricLearningDataSet set = name == "digits" ? MetricLearningDataSets.Digits() : fashion ??= MetricLearningDataSets.FashionMnist(fashionRows, testRows);
            int iterations = name == "digits" ? Number(args, "--digits-iterations", 50) : Number(args, "--fashion-iterations", 10);
            rows.AddRange(CompareWithScikitLearn(set, rank, iterations, tolerance, threads, repetitions, skipAvx2));
        }

        Console.WriteLine();
        Console.WriteLine($"{"data / configuration",-52} {"ours s",8} {"sklearn s",10} {"ratio",6} {"per iter",9} {"iters",11} {"objective (ours / sklearn)",28} {"1-NN (ours / sklearn)",22} {"5-NN (ours / sklearn)",22}");
        rows.ForEach(Console.WriteLine);

        if (!args.Contains("--skip-scaling"))
        {
            int[] sizes = Text(args, "--sizes", "2000,5000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            fashion ??= MetricLearningDataSets.FashionMnist(sizes.Max(), testRows);
            Console.WriteLine();
            Console.WriteLine($"Scaling on {fashion.Name} (rank {rank}, {threads} threads, default settings; NCA {Number(args, "--fashion-iterations", 10)} iterations), one run each; load {LoadAverage()}");
            Console.WriteLine($"{"learner",-8} {"n",7} {"fit s",8} {"iters",6} {"converged",10} {"1-NN",7} {"5-NN",7}");
            foreach (int size in sizes)
            {
                MetricLearningDataSet subset = fashion.Head(size);
                foreach (string learner in new[] { "nca", "lmnn", "itml", "lfda" })
                {
                    (double seconds, MahalanobisProjectionTransformer fitted) = Fit(learner, subset, rank, Number(args, "--fashion-iterations", 10), threads);
                    Console.WriteLine($"{learner,-8} {size,7} {seconds,8:F2} {fitted.IterationsRun,6} {fitted.Converged,10} {MetricLearningDataSets.KnnAccuracy(subset, fitted.Projection, 1),7:F4} {MetricLearningDataSets.KnnAccuracy(subset, fitted.Projection, 5),7:F4}");
                }
            }
        }

        Console.WriteLine($"Load after: {LoadAverage()}");
        return 0;
    }

    private static List<string> CompareWithScikitLearn(MetricLearningDataSet set, int rank, int iterations, double tolerance, int threads, int repetitions, bool skipAvx2)
    {
        string directory = Directory.CreateTempSubdirectory("nca-").FullName;
        var rows = new List<string>();
        try
        {
            string[] paths = ["train.npy", "train-labels.npy", "test.npy", "test-labels.npy"];
            paths = paths.Select(p => Path.Combine(directory, p)).ToArray();
            NumpyFile.WriteSingle(paths[0], set.Train, set.TrainCount, set.Dimension);
            NumpyFile.WriteSingle(paths[1], set.TrainLabels.Select(l => (float)l).ToArray(), set.TrainCount, 1);
            NumpyFile.WriteSingle(paths[2], set.Test, set.TestLabels.Length, set.Dimension);
            NumpyFile.WriteSingle(paths[3], set.TestLabels.Select(l => (float)l).ToArray(), set.TestLabels.Length, 1);
            var configurations = new List<(string Label, VectorWidth Width, string? CoreType)> { ($"native: ours {KernelDispatch.HardwareWidth} vs OpenBLAS auto", KernelDispatch.HardwareWidth, null) };
            if (!skipAvx2)
            {
                configurations.Add(("AVX2: ours Vector256 vs OpenBLAS Haswell", VectorWidth.Vector256, "Haswell"));
            }

            foreach ((string label, VectorWidth width, string? coreType) in configurations)
            {
                using IDisposable forced = KernelDispatch.Force(width);
                var ourSeconds = new List<double>();
                var peerSeconds = new List<double>();
                MahalanobisProjectionTransformer? ours = null;
                Dictionary<string, string> peer = [];
                for (int repetition = 0; repetition < repetitions; repetition++)
                {
                    string[] peerArguments = [.. paths, $"{rank}", $"{iterations}", tolerance.ToString("R", CultureInfo.InvariantCulture), $"{threads}", .. coreType is null ? Array.Empty<string>() : ["--coretype", coreType]];
                    string output = PeerProcess.RunPython("sklearn_nca.py", peerArguments);
                    peer = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
                    peerSeconds.Add(double.Parse(peer["seconds"], CultureInfo.InvariantCulture));
                    (double seconds, MahalanobisProjectionTransformer fitted) = Fit("nca", set, rank, iterations, threads, tolerance);
                    ourSeconds.Add(seconds);
                    ours = fitted;
                }

                Console.WriteLine($"  {set.Name} {label}: ours {string.Join(" ", ourSeconds.Select(s => $"{s:F3}"))} s; sklearn {string.Join(" ", peerSeconds.Select(s => $"{s:F3}"))} s; peer {peer.GetValueOrDefault("blas")}, OPENBLAS_CORETYPE={peer.GetValueOrDefault("OPENBLAS_CORETYPE")}");
                double ourMedian = Median(ourSeconds);
                double peerMedian = Median(peerSeconds);
                string objective = $"{ours!.Objective:F1} / {double.Parse(peer["objective"], CultureInfo.InvariantCulture):F1}";
                string knn1 = $"{MetricLearningDataSets.KnnAccuracy(set, ours.Projection, 1):F4} / {double.Parse(peer["knn1"], CultureInfo.InvariantCulture):F4}";
                string knn5 = $"{MetricLearningDataSets.KnnAccuracy(set, ours.Projection, 5):F4} / {double.Parse(peer["knn5"], CultureInfo.InvariantCulture):F4}";
                int peerIterations = int.Parse(peer["iterations"], CultureInfo.InvariantCulture);
                double perIteration = ourMedian / Math.Max(ours.IterationsRun, 1) / (peerMedian / Math.Max(peerIterations, 1));
                rows.Add($"{$"{set.Name} {label}",-52} {ourMedian,8:F3} {peerMedian,10:F3} {ourMedian / peerMedian,6:F2} {perIteration,9:F2} {$"{ours.IterationsRun} / {peerIterations}",11} {objective,28} {knn1,22} {knn5,22}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return rows;
    }

    /// <summary>Fits a learner through its ML.NET estimator on the in-memory rows; returns the wall time of <c>Fit</c>.</summary>
    private static (double Seconds, MahalanobisProjectionTransformer Fitted) Fit(string learner, MetricLearningDataSet set, int rank, int ncaIterations, int threads, double ncaTolerance = 1e-5)
    {
        var mlContext = new MLContext(seed: 1);
        var items = Enumerable.Range(0, set.TrainCount).Select(i => new Row { Features = set.Train.AsSpan(i * set.Dimension, set.Dimension).ToArray(), Label = (uint)set.TrainLabels[i] }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, set.Dimension);
        // LoadFromEnumerable takes key values 0-based from the object (class c is stored as key value c + 1).
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        IDataView data = mlContext.Data.LoadFromEnumerable(items, schema);
        IEstimator<MahalanobisProjectionTransformer> estimator = learner switch
        {
            "nca" => mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
            {
                OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, Initialization = MetricLearningInitialization.Pca,
                MaximumNumberOfIterations = ncaIterations, Tolerance = ncaTolerance, MaxDegreeOfParallelism = threads,
            }),
            "lmnn" => mlContext.Transforms.LargeMarginNearestNeighbor(new LargeMarginNearestNeighborOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, MaxDegreeOfParallelism = threads }),
            "itml" => mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, MaxDegreeOfParallelism = threads }),
            _ => mlContext.Transforms.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, MaxDegreeOfParallelism = threads }),
        };
        Stopwatch watch = Stopwatch.StartNew();
        MahalanobisProjectionTransformer fitted = estimator.Fit(data);
        return (watch.Elapsed.TotalSeconds, fitted);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static int Number(string[] args, string name, int defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : defaultValue;
    }

    private static string Text(string[] args, string name, string defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? args[position + 1] : defaultValue;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
