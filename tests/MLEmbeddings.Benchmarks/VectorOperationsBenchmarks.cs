using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Dot product and squared Euclidean distance: one pair (against <see cref="TensorPrimitives"/> as the baseline) and
/// one vector against a block of 256 rows, at typical embedding dimensions.
/// Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *VectorOperationsBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class VectorOperationsBenchmarks
{
    private const int BlockRows = 256;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _block = [];
    private readonly float[] _result = new float[BlockRows];

    [Params(64, 128, 384, 768, 1536)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _x = Enumerable.Range(0, Dimension).Select(_ => random.NextSingle()).ToArray();
        _y = Enumerable.Range(0, Dimension).Select(_ => random.NextSingle()).ToArray();
        _block = Enumerable.Range(0, Dimension * BlockRows).Select(_ => random.NextSingle()).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_x, _y);

    [Benchmark]
    public float Dot() => VectorOperations.Dot(_x, _y);

    [Benchmark]
    public float SquaredEuclideanDistance() => VectorOperations.SquaredEuclideanDistance(_x, _y);

    [Benchmark(OperationsPerInvoke = BlockRows)]
    public void DotAgainstBlock() => VectorOperations.Dot(_x, new ReadOnlyMatrixView(_block, BlockRows, Dimension), _result);

    [Benchmark(OperationsPerInvoke = BlockRows)]
    public void SquaredEuclideanDistanceAgainstBlock() => VectorOperations.SquaredEuclideanDistance(_x, new ReadOnlyMatrixView(_block, BlockRows, Dimension), _result);
}
