using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using MLEmbeddings.Decomposition;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare nmf</c>: the NMF estimator (coordinate descent, NNDSVDa, 200 iterations, tolerance 1e-4) against
/// scikit-learn's <c>NMF(solver='cd', init='nndsvda', max_iter=200, tol=1e-4)</c> on (a) Fashion-MNIST
/// (Debian <c>dataset-fashion-mnist</c>, 60,000 x 784, pixels / 255), rank 50, transforming the 10,000 test images, and
/// (b) a sparse TF-IDF of the Debian package descriptions (<c>peers/tfidf_packages.py</c>, 20,000 terms), rank 20,
/// transforming its first 10,000 rows. Reports scikit-learn's fit time and final relative error, the time our fit
/// takes to reach that error (from its per-iteration progress), both transform times, and the memory our fit allocates
/// beyond the input next to the budget 1.5 x (one float32 copy of the input + the factors). Interleaved repetitions,
/// medians; two configurations: ours at the hardware width vs OpenBLAS choosing its kernels, and ours forced to
/// Vector256 vs OpenBLAS Haswell (AVX2).
/// Options: <c>--dataset fashion|tfidf|both --repetitions N --threads N --max-iterations N --our-max-iterations N --trace</c>
/// (<c>--our-max-iterations</c>, default the same as <c>--max-iterations</c>, caps only our fit, for measuring the time
/// to scikit-learn's error when ours needs more iterations than scikit-learn ran; <c>--trace</c> prints our
/// per-iteration progress and the types our fit allocated).
/// </summary>
public sealed class NmfComparison : IPeerComparison
{
    private const string FashionDirectory = "/usr/share/datasets/fashion-mnist";
    private const int TransformRows = 10_000;

    /// <summary>"Near" scikit-learn's final error: within 0.1 % above it.</summary>
    private const double NearTarget = 1.001;

    public string Name => "nmf";

    public string Description => "NMF (cd, nndsvda) vs scikit-learn NMF: Fashion-MNIST 60k x 784 rank 50, package-description TF-IDF rank 20 (2 threads)";

    public int Run(string[] args)
    {
        string dataset = StringOption(args, "--dataset", "both");
        int repetitions = Option(args, "--repetitions", 3);
        int threads = Option(args, "--threads", 2);
        int iterations = Option(args, "--max-iterations", 200);
        int ourIterations = Option(args, "--our-max-iterations", iterations);
        bool trace = args.Contains("--trace");
        PeerProcess.EnsurePeers("python3-sklearn", "python3-scipy", "python3-lz4", "dataset-fashion-mnist");
        string directory = Directory.CreateTempSubdirectory("nmf-compare-").FullName;
        try
        {
            Console.WriteLine($"nmf: {threads} threads, {repetitions} interleaved repetitions (medians), max {iterations} iterations (ours {ourIterations}), tolerance 1e-4; hardware width {KernelDispatch.HardwareWidth}; load before: {LoadAverage()}");
            if (dataset is "fashion" or "both")
            {
                Compare(FashionCase(directory), repetitions, threads, iterations, ourIterations, trace);
            }

            if (dataset is "tfidf" or "both")
            {
                Compare(TfidfCase(directory), repetitions, threads, iterations, ourIterations, trace);
            }

            Console.WriteLine($"load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Compare(Case test, int repetitions, int threads, int iterations, int ourIterations, bool trace)
    {
        var mlContext = new MLContext(seed: 1);
        if (trace)
        {
            mlContext.Log += (_, e) =>
            {
                if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
                {
                    Console.WriteLine($"    log: {e.Message}");
                }
            };
        }

        // Untimed fits of a few iterations on the first rows let the JIT optimise the code paths, as a benchmark warm-up does.
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            RunOurs(new MLContext(seed: 1), test with { Train = mlContext.Data.TakeRows(test.Train, 5_000) }, threads, 2, 0, 0, trace: false);
        }
        Console.WriteLine();
        Console.WriteLine($"== {test.Name}: {test.Rows} x {test.Columns}, rank {test.Rank}; input copy {Megabytes(test.InputBytes)} MB, factors {Megabytes(test.FactorBytes)} MB, budget 1.5 x = {Megabytes(1.5 * (test.InputBytes + test.FactorBytes))} MB");
        var table = new List<string>();
        foreach ((string label, VectorWidth width, string? coreType) in new (string, VectorWidth, string?)[]
        {
            ($"native: ours {KernelDispatch.HardwareWidth} vs OpenBLAS auto", KernelDispatch.HardwareWidth, null),
            ("AVX2: ours Vector256 vs OpenBLAS Haswell", VectorWidth.Vector256, "Haswell"),
        })
        {
            using IDisposable forced = KernelDispatch.Force(width);
            var peer = new List<PeerRun>();
            var ours = new List<OurRun>();
            for (int repetition = 0; repetition < repetitions; repetition++)
            {
                string[] peerArguments = [.. test.PeerArguments, "--rank", $"{test.Rank}", "--threads", $"{threads}", "--max-iter", $"{iterations}", .. coreType is null ? Array.Empty<string>() : ["--coretype", coreType]];
                string output = PeerProcess.RunPython("sklearn_nmf.py", peerArguments);
                peer.Add(new PeerRun(ParseValue(output, "fit_seconds"), ParseValue(output, "fit_cpu_seconds"), (int)ParseValue(output, "n_iter"), ParseValue(output, "relative_error"), ParseValue(output, "transform_seconds"), ParseValue(output, "fit_peak_bytes")));
                if (repetition == 0)
                {
                    Console.WriteLine($"  peer: {string.Join("; ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("blas=", StringComparison.Ordinal) || l.StartsWith("sklearn=", StringComparison.Ordinal)))}");
                }

                ours.Add(RunOurs(mlContext, test, threads, ourIterations, peer[^1].RelativeError, peer[^1].FitSeconds, trace));
                Console.WriteLine($"  {label}, repetition {repetition + 1}: scikit-learn fit {peer[^1].FitSeconds:F2} s (cpu {peer[^1].FitCpuSeconds:F1} s, {peer[^1].Iterations} it, error {peer[^1].RelativeError:F6}), transform {peer[^1].TransformSeconds * 1000:F1} ms; " +
                    $"ours reaches it at {Describe(ours[^1].SecondsToTarget)} (iteration {ours[^1].IterationsToTarget}), within 0.1 % at {Describe(ours[^1].SecondsToNearTarget)}, error {ours[^1].ErrorAtHalfPeerTime:F6} at half scikit-learn's time, fit {ours[^1].FitSeconds:F2} s (cpu {ours[^1].FitCpuSeconds:F1} s, {ours[^1].Iterations} it, error {ours[^1].RelativeError:F6}), transform {ours[^1].TransformSeconds * 1000:F1} ms, " +
                    $"peak heap +{Megabytes(ours[^1].PeakHeapBytes)} MB (private +{Megabytes(ours[^1].PeakPrivateBytes)} MB, allocated {Megabytes(ours[^1].AllocatedBytes)} MB); load {LoadAverage()}");
            }

            double peerFit = Median(peer.Select(p => p.FitSeconds));
            double toTarget = Median(ours.Select(o => o.SecondsToTarget));
            double peerTransform = Median(peer.Select(p => p.TransformSeconds));
            double ourTransform = Median(ours.Select(o => o.TransformSeconds));
            table.Add($"{label,-44} {peerFit,9:F2} {Median(peer.Select(p => p.FitCpuSeconds)),8:F1} {peer[0].RelativeError,10:F6} {toTarget,9:F2} {toTarget / peerFit,7:F2} {Median(ours.Select(o => o.SecondsToNearTarget)),9:F2} {Median(ours.Select(o => o.ErrorAtHalfPeerTime)),10:F6} " +
                $"{Median(ours.Select(o => o.FitSeconds)),9:F2} {Median(ours.Select(o => o.FitCpuSeconds)),8:F1} {ours[0].RelativeError,10:F6} {peerTransform * 1000,9:F1} {ourTransform * 1000,9:F1} {peerTransform / ourTransform,7:F1} {Megabytes(Median(ours.Select(o => (double)o.PeakHeapBytes))),8} {Megabytes(Median(peer.Select(p => p.PeakBytes))),8}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"configuration",-44} {"sk fit s",9} {"sk cpu",8} {"sk error",10} {"to err s",9} {"ratio",7} {"to 0.1% s",9} {"err @ half",10} {"our fit",9} {"our cpu",8} {"our error",10} {"sk tr ms",9} {"our tr ms",9} {"speedup",7} {"our MB",8} {"sk MB",8}");
        table.ForEach(Console.WriteLine);
        Console.WriteLine($"to err s = seconds our fit (reading the data view, NNDSVDa, iterations) takes to reach scikit-learn's final relative error (Infinity: not within its iterations); ratio = that / scikit-learn's fit time (target <= 0.5); to 0.1% s = seconds to come within 0.1 % above it; err @ half = our error at half scikit-learn's fit time; cpu = CPU seconds of all threads of the fit (the machine is shared, so wall times depend on the load). " +
            $"our MB = peak managed-heap growth of the fit (budget {Megabytes(1.5 * (test.InputBytes + test.FactorBytes))} MB); sk MB = tracemalloc peak of scikit-learn's fit.");
    }

    private static OurRun RunOurs(MLContext mlContext, Case test, int threads, int iterations, double target, double peerSeconds, bool trace)
    {
        var reports = new List<(double Seconds, double Error)>();
        var watch = new Stopwatch();
        var options = new NonNegativeMatrixFactorizationOptions
        {
            OutputColumnName = "Coefficients",
            InputColumnName = "Features",
            Rank = test.Rank,
            Solver = NonNegativeMatrixFactorizationSolver.CoordinateDescent,
            Initialization = NonNegativeMatrixFactorizationInitialization.NndsvdA,
            MaximumNumberOfIterations = iterations,
            Tolerance = 1e-4f,
            MaxDegreeOfParallelism = threads,
            Seed = 0,
            Progress = new Recorder(report =>
            {
                reports.Add((watch.Elapsed.TotalSeconds, report.RelativeError));
                if (trace)
                {
                    Console.WriteLine($"    {watch.Elapsed.TotalSeconds,8:F3} s: iteration {report.Iteration}, violation ratio {report.ConvergenceMeasure:G4}, relative error {report.RelativeError:F6}");
                }
            }),
        };
        NonNegativeMatrixFactorizationTransformer model;
        PeakMemorySampler sampler;
        TimeSpan cpu;
        using var allocations = trace ? new AllocationSampler() : null;
        using (sampler = new PeakMemorySampler())
        {
            TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            allocations?.Start();
            watch.Start();
            model = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(test.Train);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        }

        foreach ((string type, long bytes) in allocations?.Stop(8) ?? [])
        {
            Console.WriteLine($"    allocated (sampled): {type,-60} {bytes / 1e6,8:F2} MB");
        }

        double toTarget = reports.Where(r => r.Error <= target).Select(r => r.Seconds).DefaultIfEmpty(double.PositiveInfinity).First();
        int iterationsToTarget = reports.FindIndex(r => r.Error <= target) + 1;
        double toNearTarget = reports.Where(r => r.Error <= target * NearTarget).Select(r => r.Seconds).DefaultIfEmpty(double.PositiveInfinity).First();
        double errorAtHalf = reports.Where(r => r.Seconds <= 0.5 * peerSeconds).Select(r => r.Error).DefaultIfEmpty(double.NaN).LastOrDefault();

        // Two untimed passes let the JIT optimise the transform path; the median of three timed passes is reported.
        var transformSeconds = new List<double>();
        for (int pass = 0; pass < 5; pass++)
        {
            var transform = Stopwatch.StartNew();
            int consumed = Consume(model.Transform(test.Transform), rows: TransformRows);
            transform.Stop();
            if (consumed != TransformRows)
            {
                throw new InvalidOperationException($"Transformed {consumed} rows instead of {TransformRows}.");
            }

            if (pass >= 2)
            {
                transformSeconds.Add(transform.Elapsed.TotalSeconds);
            }
        }

        return new OurRun(watch.Elapsed.TotalSeconds, cpu.TotalSeconds, toTarget, iterationsToTarget, toNearTarget, errorAtHalf, model.IterationsRun, model.ReconstructionError, Median(transformSeconds), sampler.PeakHeapGrowth, sampler.PeakPrivateGrowth, sampler.TotalAllocated);
    }

    /// <summary>Reads the coefficient column of up to <paramref name="rows"/> rows; returns how many were read.</summary>
    private static int Consume(IDataView transformed, int rows)
    {
        DataViewSchema.Column column = transformed.Schema["Coefficients"];
        using DataViewRowCursor cursor = transformed.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        int count = 0;
        while (count < rows && cursor.MoveNext())
        {
            getter(ref value);
            count++;
        }

        return count;
    }

    private static Case FashionCase(string directory)
    {
        (float[] train, int rows, int columns) = ReadImages(Path.Combine(FashionDirectory, "train-images-idx3-ubyte.gz"));
        (float[] test, int testRows, _) = ReadImages(Path.Combine(FashionDirectory, "t10k-images-idx3-ubyte.gz"));
        string trainPath = Path.Combine(directory, "fashion-train.npy");
        string testPath = Path.Combine(directory, "fashion-test.npy");
        NumpyFile.WriteSingle(trainPath, train, rows, columns);
        NumpyFile.WriteSingle(testPath, test, testRows, columns);
        var mlContext = new MLContext(seed: 1);
        const int rank = 50;
        return new Case(
            "Fashion-MNIST",
            rows,
            columns,
            rank,
            DenseView(mlContext, train, rows, columns),
            DenseView(mlContext, test, testRows, columns),
            (long)rows * columns * sizeof(float),
            ((long)rows + columns) * rank * sizeof(float),
            ["--dense", trainPath, "--test", testPath]);
    }

    private static Case TfidfCase(string directory)
    {
        Console.WriteLine(PeerProcess.RunPython("tfidf_packages.py", directory, "--terms", "20000").Trim());
        int[] shape = NumpyFile.ReadInt64AsInt32(Path.Combine(directory, "tfidf_shape.npy"));
        int rows = shape[0];
        int columns = shape[1];
        int[] pointers = NumpyFile.ReadInt32s(Path.Combine(directory, "tfidf_indptr.npy"));
        int[] indices = NumpyFile.ReadInt32s(Path.Combine(directory, "tfidf_indices.npy"));
        float[] values = NumpyFile.ReadSingles(Path.Combine(directory, "tfidf_data.npy"));
        var mlContext = new MLContext(seed: 1);
        var items = new List<SparseRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            int start = pointers[i];
            int count = pointers[i + 1] - start;
            items.Add(new SparseRow { Features = new VBuffer<float>(columns, count, values.AsSpan(start, count).ToArray(), indices.AsSpan(start, count).ToArray()) });
        }

        var definition = SchemaDefinition.Create(typeof(SparseRow));
        definition[nameof(SparseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns);
        IDataView all = mlContext.Data.LoadFromEnumerable(items, definition);
        const int rank = 20;
        return new Case(
            "package-description TF-IDF",
            rows,
            columns,
            rank,
            all,
            mlContext.Data.TakeRows(all, TransformRows),
            ((long)values.Length * (sizeof(float) + sizeof(int))) + ((rows + 1L) * sizeof(int)),
            ((long)rows + columns) * rank * sizeof(float),
            ["--csr", directory, "--test-rows", $"{TransformRows}"]);
    }

    private static IDataView DenseView(MLContext mlContext, float[] values, int rows, int columns)
    {
        var items = new List<DenseRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            items.Add(new DenseRow { Features = values.AsSpan(i * columns, columns).ToArray() });
        }

        var definition = SchemaDefinition.Create(typeof(DenseRow));
        definition[nameof(DenseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns);
        return mlContext.Data.LoadFromEnumerable(items, definition);
    }

    /// <summary>Reads an IDX image file (gzip): big-endian magic, count, rows, columns, then one byte per pixel, scaled to [0, 1].</summary>
    private static (float[] Values, int Rows, int Columns) ReadImages(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(stream);
        int ReadBigEndian() => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
        if (ReadBigEndian() != 2051)
        {
            throw new InvalidDataException($"{path} is not an IDX image file.");
        }

        int count = ReadBigEndian();
        int columns = ReadBigEndian() * ReadBigEndian();
        byte[] pixels = reader.ReadBytes(count * columns);
        return (pixels.Select(p => p / 255f).ToArray(), count, columns);
    }

    private static string Describe(double seconds) => double.IsPositiveInfinity(seconds) ? "never (not reached)" : $"{seconds:F2} s";

    private static string Megabytes(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double ParseValue(string output, string name)
    {
        string line = output.Split('\n').First(l => l.StartsWith(name + "=", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static int Option(string[] args, string name, int defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : defaultValue;
    }

    private static string StringOption(string[] args, string name, string defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? args[position + 1] : defaultValue;
    }

    /// <summary>One data set of the comparison.</summary>
    private sealed record Case(string Name, int Rows, int Columns, int Rank, IDataView Train, IDataView Transform, long InputBytes, long FactorBytes, string[] PeerArguments);

    private sealed record PeerRun(double FitSeconds, double FitCpuSeconds, int Iterations, double RelativeError, double TransformSeconds, double PeakBytes);

    private sealed record OurRun(double FitSeconds, double FitCpuSeconds, double SecondsToTarget, int IterationsToTarget, double SecondsToNearTarget, double ErrorAtHalfPeerTime, int Iterations, double RelativeError, double TransformSeconds, long PeakHeapBytes, long PeakPrivateBytes, long AllocatedBytes);

    private sealed class Recorder(Action<NonNegativeMatrixFactorizationProgress> report) : IProgress<NonNegativeMatrixFactorizationProgress>
    {
        public void Report(NonNegativeMatrixFactorizationProgress value) => report(value);
    }

    private sealed class DenseRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class SparseRow
    {
        public VBuffer<float> Features { get; set; }
    }
}
