using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Fused exact top-k search: 100,000 x 128 uniform random base, 10,000 queries, k = 10, at the hardware width and
/// forced to Vector256. Times and allocations are per query (<c>OperationsPerInvoke</c> = number of queries).
/// Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *ExactSearchBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExactSearchBenchmarks : KernelWidthBenchmark
{
    private const int BaseRows = 100_000;
    private const int QueryRows = 10_000;
    private const int Dimension = 128;
    private const int K = 10;
    private ExactNearestNeighbors? _index;
    private ReadOnlyMatrixView _queries;
    private readonly int[] _ids = new int[QueryRows * K];
    private readonly float[] _scores = new float[QueryRows * K];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] database = UniformValues(random, BaseRows * Dimension);
        float[] queries = UniformValues(random, QueryRows * Dimension);
        _index = new ExactNearestNeighbors(new ReadOnlyMatrixView(database, BaseRows, Dimension), DistanceMetric.SquaredEuclidean);
        _queries = new ReadOnlyMatrixView(queries, QueryRows, Dimension);
    }

    [Benchmark(OperationsPerInvoke = QueryRows)]
    public void Search()
    {
        using IDisposable forced = ForceWidth();
        _index!.Search(_queries, K, _ids, _scores, maxDegreeOfParallelism: Threads);
    }
}
