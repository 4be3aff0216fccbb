using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using TorchSharp;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// The weights copied out of TorchSharp, scored by the core library's kernels (<see cref="EmbeddingHeadNetwork"/>), give
/// TorchSharp's own inference output: every activation, with and without batch normalisation (folded into the layers)
/// and dropout (off at inference), for batches of several sizes.
/// </summary>
public class EmbeddingHeadInferenceTests
{
    public static TheoryData<EmbeddingHeadActivation, bool> Variants => new()
    {
        { EmbeddingHeadActivation.Relu, false },
        { EmbeddingHeadActivation.Relu, true },
        { EmbeddingHeadActivation.LeakyRelu, true },
        { EmbeddingHeadActivation.Tanh, false },
        { EmbeddingHeadActivation.Tanh, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Kernel_inference_matches_TorchSharp_in_evaluation_mode(EmbeddingHeadActivation activation, bool batchNormalization)
    {
        var random = new Random(21);
        using var generator = new Generator(21, CPU);
        using var head = new TrainableEmbeddingHead([7, 12, 9, 5], activation, dropout: 0.3, batchNormalization, random, generator);
        using (DisposeScope scope = NewDisposeScope())
        {
            // Non-trivial batch normalisation: random scales and shifts, running statistics from a few training-mode passes.
            using (no_grad())
            {
                foreach (var parameter in head.Parameters().Where(p => p.dim() == 1))
                {
                    parameter.copy_(rand(parameter.shape, generator: generator) + 0.5);
                }
            }

            for (int pass = 0; pass < 4; pass++)
            {
                head.Forward((randn(16, 7, generator: generator) * 2) + 1);
            }
        }

        head.SetTraining(false);
        var network = new EmbeddingHeadNetwork(head.ToLayers(), activation);
        foreach (int rows in new[] { 1, 5, 33 })
        {
            float[] input = Enumerable.Range(0, rows * 7).Select(_ => (float)((random.NextDouble() * 6) - 2)).ToArray();
            float[] expected;
            using (DisposeScope scope = NewDisposeScope())
            using (no_grad())
            {
                expected = head.Forward(tensor(input, [rows, 7])).data<float>().ToArray();
            }

            var actual = new float[rows * 5];
            network.Forward(new ReadOnlyMatrixView(input, rows, 7), new MatrixView(actual, rows, 5), maxDegreeOfParallelism: 1);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 2e-6, $"{activation}, batch normalisation {batchNormalization}, {rows} rows, value {i}: kernels {actual[i]}, TorchSharp {expected[i]}");
            }
        }
    }

    [Theory]
    [InlineData(784, 256, 64)]
    [InlineData(784, 512, 128)]
    [InlineData(33, 70, 129)]
    public void Kernel_inference_matches_TorchSharp_for_wide_layers(int inputs, int hidden, int rank)
    {
        var random = new Random(22);
        using var generator = new Generator(22, CPU);
        using var head = new TrainableEmbeddingHead([inputs, hidden, rank], EmbeddingHeadActivation.Relu, dropout: 0, batchNormalization: false, random, generator);
        head.SetTraining(false);
        var network = new EmbeddingHeadNetwork(head.ToLayers(), EmbeddingHeadActivation.Relu);
        foreach (int rows in new[] { 1, 300 })
        {
            float[] input = Enumerable.Range(0, rows * inputs).Select(_ => (float)random.NextDouble()).ToArray();
            float[] expected;
            using (DisposeScope scope = NewDisposeScope())
            using (no_grad())
            {
                expected = head.Forward(tensor(input, [rows, inputs])).data<float>().ToArray();
            }

            var actual = new float[rows * rank];
            network.Forward(new ReadOnlyMatrixView(input, rows, inputs), new MatrixView(actual, rows, rank), maxDegreeOfParallelism: 2);
            double worst = actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst <= 2e-6, $"{inputs} -> {hidden} -> {rank}, {rows} rows: largest difference {worst}");
        }
    }

    [Fact]
    public void The_network_computes_the_documented_formula_in_double_precision()
    {
        // 3 -> 2 (LeakyReLU) -> 2, then L2 normalisation, worked out by hand.
        var first = new EmbeddingHeadLayer(new DenseMatrix(2, 3, [1, -2, 0.5f, 0, 1, -1]), [0.5f, -1]);
        var second = new EmbeddingHeadLayer(new DenseMatrix(2, 2, [2, 1, -1, 3]), [0, 1]);
        var network = new EmbeddingHeadNetwork([first, second], EmbeddingHeadActivation.LeakyRelu);
        var output = new float[2];
        network.Forward(new ReadOnlyMatrixView(new float[] { 1, 2, 3 }, 1, 3), new MatrixView(output, 1, 2), maxDegreeOfParallelism: 1);

        // Hidden: (1 - 4 + 1.5 + 0.5, 2 - 3 - 1) = (-1, -2) -> LeakyReLU (-0.01, -0.02).
        double h0 = -0.01, h1 = -0.02;
        double y0 = (2 * h0) + h1, y1 = -h0 + (3 * h1) + 1;
        double norm = Math.Sqrt((y0 * y0) + (y1 * y1));
        Assert.Equal(y0 / norm, output[0], 1e-6);
        Assert.Equal(y1 / norm, output[1], 1e-6);
    }
}
