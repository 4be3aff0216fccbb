using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare gemm</c>: square SGEMM (C = A * B, float32) against numpy's matmul on OpenBLAS, in two pairings:
/// our native vector width against OpenBLAS's own kernel choice for this CPU (OPENBLAS_CORETYPE unset), and our
/// Vector256 kernel against OpenBLAS's AVX2 Haswell kernel (OPENBLAS_CORETYPE=Haswell). Repetitions interleave the
/// two libraries; each cell is the median GFLOP/s (2 n^3 / seconds) over the repetitions.
/// </summary>
/// <remarks>Options: <c>--sizes 1024,2048,4096</c>, <c>--threads 1,2</c>, <c>--repeats 5</c>, <c>--pairings native,haswell</c>.</remarks>
public sealed class GemmComparison : IPeerComparison
{
    public string Name => "gemm";

    public string Description => "square SGEMM GFLOP/s vs numpy/OpenBLAS (native width vs OpenBLAS default; Vector256 vs Haswell)";

    public int Run(string[] args)
    {
        int[] sizes = Option(args, "--sizes", "1024,2048,4096");
        int[] threads = Option(args, "--threads", "1,2");
        int repeats = Option(args, "--repeats", "5")[0];
        string[] pairings = OptionText(args, "--pairings", "native,haswell").Split(',');
        PeerProcess.EnsurePeers();
        Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (string pairing in pairings)
        {
            bool haswell = pairing == "haswell";
            VectorWidth width = haswell ? VectorWidth.Vector256 : KernelDispatch.HardwareWidth;
            var ours = new Dictionary<(int Size, int Threads), List<double>>();
            var peer = new Dictionary<(int Size, int Threads), List<double>>();
            string peerKernel = "";
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                // Alternate which library goes first, so drifting machine load hits both alike.
                if (repeat % 2 == 0)
                {
                    peerKernel = MeasurePeer(sizes, threads, haswell, peer);
                    MeasureOurs(sizes, threads, width, ours);
                }
                else
                {
                    MeasureOurs(sizes, threads, width, ours);
                    peerKernel = MeasurePeer(sizes, threads, haswell, peer);
                }
            }

            Console.WriteLine();
            Console.WriteLine($"pairing {pairing}: ours {width} vs {peerKernel}; median of {repeats} interleaved repetitions");
            Console.WriteLine($"{"size",6} {"threads",7} {"ours GFLOP/s",13} {"OpenBLAS GFLOP/s",17} {"ours/OpenBLAS",14}");
            foreach (int size in sizes)
            {
                foreach (int threadCount in threads)
                {
                    double oursRate = Rate(size, Median(ours[(size, threadCount)]));
                    double peerRate = Rate(size, Median(peer[(size, threadCount)]));
                    Console.WriteLine($"{size,6} {threadCount,7} {oursRate,13:F1} {peerRate,17:F1} {oursRate / peerRate,14:F3}");
                }
            }
        }

        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>Multiplications per timing, as in peers/sgemm.py: enough that small sizes run for a while too.</summary>
    private static int Count(int size) => (int)Math.Max(3, 8L * 1024 * 1024 * 1024 / ((long)size * size * size));

    private static double Rate(int size, double seconds) => 2.0 * size * size * size / seconds / 1e9;

    private static void MeasureOurs(int[] sizes, int[] threads, VectorWidth width, Dictionary<(int, int), List<double>> results)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(1);
        foreach (int size in sizes)
        {
            float[] a = new float[size * size];
            float[] b = new float[size * size];
            float[] c = new float[size * size];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)random.NextDouble();
                b[i] = (float)random.NextDouble();
            }

            var left = new ReadOnlyMatrixView(a, size, size);
            var right = new ReadOnlyMatrixView(b, size, size);
            var result = new MatrixView(c, size, size);
            int count = Count(size);
            foreach (int threadCount in threads)
            {
                Gemm.Multiply(left, right, result, maxDegreeOfParallelism: threadCount);
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < count; i++)
                {
                    Gemm.Multiply(left, right, result, maxDegreeOfParallelism: threadCount);
                }

                Add(results, size, threadCount, Stopwatch.GetElapsedTime(start).TotalSeconds / count);
            }
        }
    }

    private static string MeasurePeer(int[] sizes, int[] threads, bool haswell, Dictionary<(int, int), List<double>> results)
    {
        List<string> arguments = ["--sizes", string.Join(',', sizes), "--threads", string.Join(',', threads)];
        if (haswell)
        {
            arguments.AddRange(["--coretype", "Haswell"]);
        }

        string kernel = "";
        foreach (string line in PeerProcess.RunPython("sgemm.py", [.. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                kernel = line.TrimStart('#', ' ');
                continue;
            }

            string[] fields = line.Split(' ');
            Add(results, int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        return kernel;
    }

    private static void Add(Dictionary<(int, int), List<double>> results, int size, int threads, double seconds)
    {
        if (!results.TryGetValue((size, threads), out List<double>? list))
        {
            list = [];
            results[(size, threads)] = list;
        }

        list.Add(seconds);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int[] Option(string[] args, string name, string fallback)
        => OptionText(args, name, fallback).Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static string OptionText(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
