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
/// On digits it also fits both learners on the shipped split and on <c>--splits N</c> seeded stratified random
/// 1,347 / 450 splits of the 1,797 rows (standardized on each training fold) and judges both learned maps with one
/// evaluator (the peer's float64 objective and scikit-learn's k-NN): per split, means and the paired difference with its
/// standard error. <c>--trace</c> prints both optimisers' objective per iteration on the shipped split, with the float64
/// objective of our iterates and the error of our float gradient.
/// Options: <c>--datasets digits,fashion --digits-iterations N --fashion-iterations N --tolerance X --fashion-rows N
/// --test-rows N --repetitions N --threads N --rank N --sizes 2000,5000,10000 --splits N --trace --skip-scaling
/// --skip-avx2</c>.
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
        if (datasets.Contains("digits"))
        {
            int iterations = Number(args, "--digits-iterations", 50);
            int splits = Number(args, "--splits", 10);
            if (splits > 0)
            {
                CompareOnDigitsSplits(rank, iterations, tolerance, threads, splits, skipAvx2);
            }

            if (args.Contains("--trace"))
            {
                TraceDigits(rank, iterations, tolerance, threads);
            }
        }

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
                    string[] peerArguments = ["time", .. paths, $"{rank}", $"{iterations}", tolerance.ToString("R", CultureInfo.InvariantCulture), $"{threads}", .. coreType is null ? Array.Empty<string>() : ["--coretype", coreType]];
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

    /// <summary>
    /// Fits ours (at each width) and scikit-learn on the shipped digits split and on <paramref name="splitCount"/> seeded
    /// stratified random splits; the peer evaluates both learned maps (objective in float64, k-NN accuracy) and the
    /// table gives them per split, their means over the random splits and the paired difference (ours - scikit-learn)
    /// with its standard error.
    /// </summary>
    private static void CompareOnDigitsSplits(int rank, int iterations, double tolerance, int threads, int splitCount, bool skipAvx2)
    {
        (float[] values, int[] labels, int[] shippedTrain, int[] shippedTest) = MetricLearningDataSets.DigitsRows();
        int dimension = MetricLearningDataSets.DigitsDimension;
        List<(int[] Train, int[] Test)> splits = [(shippedTrain, shippedTest), .. MetricLearningDataSets.StratifiedSplits(labels, shippedTest.Length, splitCount, seed: 1)];
        var widths = new List<(string Name, VectorWidth Width)> { ("native", KernelDispatch.HardwareWidth) };
        if (!skipAvx2 && KernelDispatch.HardwareWidth != VectorWidth.Vector256)
        {
            widths.Add(("avx2", VectorWidth.Vector256));
        }

        Console.WriteLine();
        Console.WriteLine($"Digits splits: the shipped split (0) and {splitCount} stratified random splits (1..{splitCount}, seeds 1..{splitCount}) of {labels.Length} rows into {splits[0].Train.Length} / {splits[0].Test.Length}, standardized on each training fold; rank {rank}, max_iter {iterations}, tol {tolerance}; load before: {LoadAverage()}");
        string directory = Directory.CreateTempSubdirectory("nca-splits-").FullName;
        try
        {
            string[] paths = ["data.npy", "labels.npy", "train-indices.npy", "test-indices.npy"];
            paths = paths.Select(p => Path.Combine(directory, p)).ToArray();
            NumpyFile.WriteSingle(paths[0], values, labels.Length, dimension);
            NumpyFile.WriteSingle(paths[1], labels.Select(l => (float)l).ToArray(), labels.Length, 1);
            NumpyFile.WriteInt64(paths[2], splits.SelectMany(s => s.Train).ToArray(), splits.Count, splits[0].Train.Length);
            NumpyFile.WriteInt64(paths[3], splits.SelectMany(s => s.Test).ToArray(), splits.Count, splits[0].Test.Length);
            var ours = new Dictionary<string, (int[] Iterations, double[] FloatObjective, double[] Knn1, double[] Knn5)>();
            var ourArguments = new List<string>();
            foreach ((string name, VectorWidth width) in widths)
            {
                using IDisposable forced = KernelDispatch.Force(width);
                var learned = new float[splits.Count * rank * dimension];
                var runs = (Iterations: new int[splits.Count], FloatObjective: new double[splits.Count], Knn1: new double[splits.Count], Knn5: new double[splits.Count]);
                for (int s = 0; s < splits.Count; s++)
                {
                    MetricLearningDataSet set = MetricLearningDataSets.Standardized($"digits split {s}", values, labels, dimension, splits[s].Train, splits[s].Test);
                    MahalanobisProjectionTransformer fitted = Fit("nca", set, rank, iterations, threads, tolerance).Fitted;
                    fitted.Projection.AsSpan().CopyTo(learned.AsSpan(s * rank * dimension, rank * dimension));
                    runs.Iterations[s] = fitted.IterationsRun;
                    runs.FloatObjective[s] = fitted.Objective;
                    runs.Knn1[s] = MetricLearningDataSets.KnnAccuracy(set, fitted.Projection, 1);
                    runs.Knn5[s] = MetricLearningDataSets.KnnAccuracy(set, fitted.Projection, 5);
                }

                string path = Path.Combine(directory, $"ours-{name}.npy");
                NumpyFile.WriteSingle(path, learned, splits.Count * rank, dimension);
                ourArguments.AddRange(["--ours", $"{name}={path}"]);
                ours[name] = runs;
            }

            string output = PeerProcess.RunPython("sklearn_nca.py", ["splits", .. paths, $"{rank}", $"{iterations}", tolerance.ToString("R", CultureInfo.InvariantCulture), $"{threads}", .. ourArguments]);
            List<Dictionary<string, string>> peer = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("split=", StringComparison.Ordinal))
                .Select(l => l.Split(' ').ToDictionary(f => f[..f.IndexOf('=')], f => f[(f.IndexOf('=') + 1)..])).ToList();
            double Value(int split, string key) => double.Parse(peer[split][key], CultureInfo.InvariantCulture);
            foreach ((string name, VectorWidth width) in widths)
            {
                (int[] ourIterations, double[] floatObjective, double[] knn1, double[] knn5) = ours[name];
                Console.WriteLine();
                Console.WriteLine($"ours at {width} ({name}) vs scikit-learn; objective = float64 sum_i p_i of each learned map (ours as reported in float in brackets); accuracies from scikit-learn's KNeighborsClassifier on both maps");
                Console.WriteLine($"{"split",5} {"iters",8} {"objective (ours / sklearn)",34} {"1-NN (ours / sklearn)",22} {"5-NN (ours / sklearn)",22}");
                int disagreements = 0;
                for (int s = 0; s < splits.Count; s++)
                {
                    disagreements += Math.Abs(knn1[s] - Value(s, $"{name}_knn1")) > 1e-5 || Math.Abs(knn5[s] - Value(s, $"{name}_knn5")) > 1e-5 ? 1 : 0;
                    string objective = $"{Value(s, $"{name}_objective"):F2} [{floatObjective[s]:F2}] / {Value(s, "sklearn_objective"):F2}";
                    Console.WriteLine($"{s,5} {$"{ourIterations[s]} / {peer[s]["sklearn_iterations"]}",8} {objective,34} {$"{Value(s, $"{name}_knn1"):F4} / {Value(s, "sklearn_knn1"):F4}",22} {$"{Value(s, $"{name}_knn5"):F4} / {Value(s, "sklearn_knn5"):F4}",22}");
                }

                int[] random = Enumerable.Range(1, splitCount).ToArray();
                foreach (string measure in new[] { "objective", "knn1", "knn5" })
                {
                    double[] ourValues = random.Select(s => Value(s, $"{name}_{measure}")).ToArray();
                    double[] peerValues = random.Select(s => Value(s, $"sklearn_{measure}")).ToArray();
                    double[] differences = ourValues.Zip(peerValues, (a, b) => a - b).ToArray();
                    double meanDifference = differences.Average();
                    double standardError = splitCount > 1 ? Math.Sqrt(differences.Sum(d => (d - meanDifference) * (d - meanDifference)) / (splitCount - 1) / splitCount) : double.NaN;
                    string format = measure == "objective" ? "F2" : "F4";
                    Console.WriteLine($"  mean over splits 1..{splitCount} {measure,-9}: ours {ourValues.Average().ToString(format, CultureInfo.InvariantCulture)}, sklearn {peerValues.Average().ToString(format, CultureInfo.InvariantCulture)}, paired difference {meanDifference.ToString(format, CultureInfo.InvariantCulture)} +- {standardError.ToString(format, CultureInfo.InvariantCulture)} (SE), ours higher / equal / lower in {differences.Count(d => d > 1e-9)} / {differences.Count(d => Math.Abs(d) <= 1e-9)} / {differences.Count(d => d < -1e-9)}");
                }

                Console.WriteLine($"  our own k-NN evaluator agrees with scikit-learn's on our maps in {splits.Count - disagreements} of {splits.Count} splits");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine($"Load after splits: {LoadAverage()}");
    }

    /// <summary>
    /// On the shipped digits split at the hardware width: our iterates after 0, 1, ... iterations (each a fresh solver run
    /// with that budget, so the same trajectory) with our float objective and gradient, printed next to scikit-learn's
    /// trajectory and the float64 objective and gradient the peer computes at our iterates.
    /// </summary>
    private static void TraceDigits(int rank, int iterations, double tolerance, int threads)
    {
        MetricLearningDataSet set = MetricLearningDataSets.Digits();
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(set.Train, set.TrainCount, set.Dimension), set.TrainLabels, center: true);
        float[] initial = ProjectionInitialization.PrincipalComponents(data.View, rank, threads);
        int ourIterations = NeighborhoodComponentsSolver.Fit(data, initial, rank, iterations, tolerance, threads, null).Iterations;
        var objective = new NeighborhoodComponentsObjective(data.Count, data.Dimension, rank, threads);
        int size = rank * set.Dimension;
        var points = new float[(ourIterations + 1) * size];
        var gradients = new float[points.Length];
        var values = new double[ourIterations + 1];
        for (int k = 0; k <= ourIterations; k++)
        {
            MetricLearningResult result = NeighborhoodComponentsSolver.Fit(data, initial, rank, k, tolerance, threads, null);
            result.Transformation.CopyTo(points.AsSpan(k * size, size));
            values[k] = objective.Evaluate(data.View, data.ClassStarts, data.ClassOfRow, result.Transformation, gradients.AsSpan(k * size, size));
        }

        string directory = Directory.CreateTempSubdirectory("nca-trace-").FullName;
        try
        {
            string[] paths = ["train.npy", "train-labels.npy", "points.npy", "gradients.npy"];
            paths = paths.Select(p => Path.Combine(directory, p)).ToArray();
            NumpyFile.WriteSingle(paths[0], set.Train, set.TrainCount, set.Dimension);
            NumpyFile.WriteSingle(paths[1], set.TrainLabels.Select(l => (float)l).ToArray(), set.TrainCount, 1);
            NumpyFile.WriteSingle(paths[2], points, (ourIterations + 1) * rank, set.Dimension);
            NumpyFile.WriteSingle(paths[3], gradients, (ourIterations + 1) * rank, set.Dimension);
            string output = PeerProcess.RunPython("sklearn_nca.py", ["trace", paths[0], paths[1], $"{rank}", $"{iterations}", tolerance.ToString("R", CultureInfo.InvariantCulture), $"{threads}", paths[2], paths[3]]);
            Console.WriteLine();
            Console.WriteLine($"Trace on the shipped digits split, ours at {KernelDispatch.Width}, {ourIterations} iterations:");
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int k = line.StartsWith("ours=", StringComparison.Ordinal) ? int.Parse(line[5..line.IndexOf(' ')], CultureInfo.InvariantCulture) : -1;
                Console.WriteLine(k >= 0 ? $"{line} ours_float_objective={values[k]:F6}" : line);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
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
