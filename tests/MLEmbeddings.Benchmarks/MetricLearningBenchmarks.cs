using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Metric-learning kernels: one NCA objective-and-gradient evaluation on standardized digits (1,347 x 64, rank 32; the
/// work of one L-BFGS step) and one ITML Bregman projection pass over a 64 x 64 matrix, at the hardware width and
/// forced to Vector256. Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *MetricLearningBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class MetricLearningBenchmarks : KernelWidthBenchmark
{
    private const int Rank = 32;
    private ClassSortedRows? _digits;
    private NeighborhoodComponentsObjective? _objective;
    private float[] _transformation = [];
    private readonly float[] _gradient = new float[Rank * 64];
    private readonly double[] _matrix = new double[64 * 64];
    private readonly double[] _direction = new double[64];
    private readonly double[] _next = new double[64];
    private readonly double[] _product = new double[64];

    [GlobalSetup]
    public void Setup()
    {
        MetricLearningDataSet set = MetricLearningDataSets.Digits();
        _digits = ClassSortedRows.Create(new ReadOnlyMatrixView(set.Train, set.TrainCount, set.Dimension), set.TrainLabels, center: true);
        _transformation = ProjectionInitialization.PrincipalComponents(_digits.View, Rank, 1);
        _objective = new NeighborhoodComponentsObjective(_digits.Count, _digits.Dimension, Rank, Threads);
        var random = new Random(3);
        for (int i = 0; i < 64; i++)
        {
            _matrix[(i * 64) + i] = 1;
            _direction[i] = random.NextDouble() - 0.5;
            _next[i] = random.NextDouble() - 0.5;
        }
    }

    [Benchmark]
    public double NeighborhoodComponentsEvaluation()
    {
        using IDisposable forced = ForceWidth();
        return _objective!.Evaluate(_digits!.View, _digits.ClassStarts, _digits.ClassOfRow, _transformation, _gradient);
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public void InformationTheoreticProjection()
    {
        using IDisposable forced = ForceWidth();
        for (int i = 0; i < 1000; i++)
        {
            SymmetricRankOneUpdate.UpdateAndMultiply(_matrix, 64, _direction, 1e-9, _next, _product);
        }
    }
}
