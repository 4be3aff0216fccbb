using System.Diagnostics;
using MLEmbeddings.Kernels;
using static MLEmbeddings.Benchmarks.ComparisonSupport;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare exact-knn</c>: <see cref="ExactNearestNeighbors"/> against faiss <c>IndexFlatL2</c> on the same seeded
/// uniform random data (written here as .npy files the peer script reads), interleaved repetitions, medians of the
/// query rate, and recall of our ids against faiss's. Two configurations: ours at the hardware width vs OpenBLAS
/// choosing its kernels for this CPU, and ours forced to Vector256 vs OpenBLAS forced to its Haswell (AVX2) kernels.
/// Options: <c>--base N --queries N --dimension N --k N --threads N --repetitions N --seed N</c>.
/// </summary>
public sealed class ExactKnnComparison : IPeerComparison
{
    public string Name => "exact-knn";

    public string Description => "ExactNearestNeighbors vs faiss IndexFlatL2 (100k x 128, 10k queries, k = 10, 2 threads)";

    public int Run(string[] args)
    {
        int baseRows = Option(args, "--base", 100_000);
        int queryRows = Option(args, "--queries", 10_000);
        int dimension = Option(args, "--dimension", 128);
        int k = Option(args, "--k", 10);
        int threads = Option(args, "--threads", 2);
        int repetitions = Option(args, "--repetitions", 5);
        int seed = Option(args, "--seed", 42);

        PeerProcess.EnsurePeers("python3-faiss");
        string directory = Directory.CreateTempSubdirectory("exact-knn-").FullName;
        try
        {
            float[] database = UniformValues(seed, baseRows * dimension);
            float[] queries = UniformValues(seed + 1, queryRows * dimension);
            string basePath = Path.Combine(directory, "base.npy");
            string queryPath = Path.Combine(directory, "queries.npy");
            string idsPath = Path.Combine(directory, "faiss-ids.npy");
            NumpyFile.WriteSingle(basePath, database, baseRows, dimension);
            NumpyFile.WriteSingle(queryPath, queries, queryRows, dimension);

            var baseView = new ReadOnlyMatrixView(database, baseRows, dimension);
            var queryView = new ReadOnlyMatrixView(queries, queryRows, dimension);
            var ids = new int[queryRows * k];
            var scores = new float[queryRows * k];
            Stopwatch build = Stopwatch.StartNew();
            var index = new ExactNearestNeighbors(baseView, DistanceMetric.SquaredEuclidean);
            build.Stop();

            Console.WriteLine($"exact-knn: {baseRows} x {dimension} base, {queryRows} queries, k = {k}, {threads} threads, {repetitions} interleaved repetitions (medians), seed {seed}");
            Console.WriteLine($"ours: index build (copy + pack + norms) {build.Elapsed.TotalMilliseconds:F0} ms; hardware width {KernelDispatch.HardwareWidth}; load before: {LoadAverage()}");
            var rows = new List<string>();
            foreach ((string label, VectorWidth width, string? coreType) in new (string, VectorWidth, string?)[]
            {
                ($"native: ours {KernelDispatch.HardwareWidth} vs OpenBLAS auto", KernelDispatch.HardwareWidth, null),
                ("AVX2: ours Vector256 vs OpenBLAS Haswell", VectorWidth.Vector256, "Haswell"),
            })
            {
                using IDisposable forced = KernelDispatch.Force(width);
                index.Search(queryView.SliceRows(0, Math.Min(queryRows, 256)), k, ids.AsSpan(0, Math.Min(queryRows, 256) * k), scores.AsSpan(0, Math.Min(queryRows, 256) * k), maxDegreeOfParallelism: threads);
                var ourSeconds = new List<double>();
                var peerSeconds = new List<double>();
                string peerInfo = string.Empty;
                for (int repetition = 0; repetition < repetitions; repetition++)
                {
                    string[] peerArguments = coreType is null
                        ? [basePath, queryPath, $"{k}", $"{threads}", idsPath]
                        : [basePath, queryPath, $"{k}", $"{threads}", idsPath, "--coretype", coreType];
                    string output = PeerProcess.RunPython("faiss_flat.py", peerArguments);
                    peerSeconds.Add(ComparisonSupport.ParseValue(output, "seconds"));
                    peerInfo = string.Join("; ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith("seconds=", StringComparison.Ordinal)));

                    Stopwatch watch = Stopwatch.StartNew();
                    index.Search(queryView, k, ids, scores, maxDegreeOfParallelism: threads);
                    ourSeconds.Add(watch.Elapsed.TotalSeconds);
                }

                int[] peerIds = NumpyFile.ReadInt64AsInt32(idsPath);
                double ours = queryRows / Median(ourSeconds);
                double peer = queryRows / Median(peerSeconds);
                Console.WriteLine($"  peer: {peerInfo}");
                Console.WriteLine($"  {label}: ours {string.Join(" ", ourSeconds.Select(s => $"{queryRows / s:F0}"))} q/s; faiss {string.Join(" ", peerSeconds.Select(s => $"{queryRows / s:F0}"))} q/s");
                rows.Add($"{label,-44} {ours,10:F0} {peer,10:F0} {ours / peer,8:F2} {Recall(ids, peerIds, queryRows, k),10:F4} {SameLists(ids, peerIds, queryRows, k),10:F4}");
            }

            Console.WriteLine();
            Console.WriteLine($"{"configuration",-44} {"ours q/s",10} {"faiss q/s",10} {"ratio",8} {"recall",10} {"same list",10}");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine($"recall = share of faiss's ids that ours also returns; same list = share of queries with identical id lists. Load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Recall(int[] ours, int[] peer, int queries, int k)
    {
        long found = 0;
        for (int q = 0; q < queries; q++)
        {
            var expected = new HashSet<int>(peer.AsSpan(q * k, k).ToArray());
            for (int j = 0; j < k; j++)
            {
                found += expected.Contains(ours[(q * k) + j]) ? 1 : 0;
            }
        }

        return (double)found / ((long)queries * k);
    }

    private static double SameLists(int[] ours, int[] peer, int queries, int k)
    {
        int same = 0;
        for (int q = 0; q < queries; q++)
        {
            same += ours.AsSpan(q * k, k).SequenceEqual(peer.AsSpan(q * k, k)) ? 1 : 0;
        }

        return (double)same / queries;
    }
}
