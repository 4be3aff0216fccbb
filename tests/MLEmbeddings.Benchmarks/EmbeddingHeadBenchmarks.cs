using BenchmarkDotNet.Attributes;
using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Inference of a deep metric learning head (784 -> 256 -> 64, ReLU, L2-normalised output, random weights) through the
/// kernels, per batch size, on one thread and on all cores. The TorchSharp peer runs in tests/MLEmbeddings.TorchSharp.Benchmarks.
/// Run with <c>-- --filter *EmbeddingHeadBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingHeadBenchmarks
{
    private EmbeddingHeadNetwork _network = null!;
    private float[] _input = [];
    private float[] _output = [];

    [Params(1, 256, 4096)]
    public int Rows { get; set; }

    [Params(1, -1)]
    public int MaxDegreeOfParallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        EmbeddingHeadLayer Layer(int inputs, int outputs) => new(
            new DenseMatrix(outputs, inputs, Enumerable.Range(0, outputs * inputs).Select(_ => (float)((random.NextDouble() - 0.5) / Math.Sqrt(inputs))).ToArray()),
            Enumerable.Range(0, outputs).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        _network = new EmbeddingHeadNetwork([Layer(784, 256), Layer(256, 64)], EmbeddingHeadActivation.Relu);
        _input = Enumerable.Range(0, Rows * 784).Select(_ => (float)random.NextDouble()).ToArray();
        _output = new float[Rows * 64];
    }

    [Benchmark]
    public void Forward() => _network.Forward(new ReadOnlyMatrixView(_input, Rows, 784), new MatrixView(_output, Rows, 64), MaxDegreeOfParallelism);
}
