using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>
/// An embedding head (deep metric learning) exported with the core library's ONNX writer runs in ONNX Runtime and gives
/// the transformer's outputs, for every activation, a linear head and several batch sizes.
/// </summary>
public sealed class EmbeddingHeadExportRuntimeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-head-export-").FullName;

    [Theory]
    [InlineData(EmbeddingHeadActivation.Relu, 2)]
    [InlineData(EmbeddingHeadActivation.LeakyRelu, 3)]
    [InlineData(EmbeddingHeadActivation.Tanh, 2)]
    [InlineData(EmbeddingHeadActivation.Relu, 1)]
    public void Exported_head_runs_in_onnx_runtime_with_the_transformer_outputs(EmbeddingHeadActivation activation, int layerCount)
    {
        var random = new Random(40 + layerCount);
        int[] widths = [6, 10, 8];
        int[] sizes = [.. widths[..layerCount], 3];
        EmbeddingHeadLayer[] layers = Enumerable.Range(0, layerCount)
            .Select(l => new EmbeddingHeadLayer(
                new DenseMatrix(sizes[l + 1], sizes[l], Enumerable.Range(0, sizes[l + 1] * sizes[l]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()),
                Enumerable.Range(0, sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()))
            .ToArray();
        var head = new EmbeddingHeadTransformer("Features", "Embedding", new EmbeddingHeadNetwork(layers, activation), new EmbeddingHeadTrainingSummary(1, 1, 0, double.NaN));
        var mlContext = new MLContext(seed: 1);
        float[][] rows = TestData.RandomRows(40, 6, seed: 41);
        float[][] expected = ColumnValues.Vectors(head.Transform(TestData.FromRows(mlContext, rows)), "Embedding");
        string path = Path.Combine(_directory, "head.onnx");
        head.ExportToOnnx(path, "features", "embedding");

        using var session = new InferenceSession(path);
        Assert.Equal([-1, 6], session.InputMetadata["features"].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata["embedding"].Dimensions);
        OnnxRuntimeBatches.AssertOutputs(session, "features", rows, expected, [40, 1, 7], $"{activation}, {layerCount} layers");
    }

    [Fact]
    public void Names_that_clash_with_the_graph_are_rejected()
    {
        var layer = new EmbeddingHeadLayer(new DenseMatrix(2, 2, [1, 0, 0, 1]), [0, 0]);
        var head = new EmbeddingHeadTransformer("Features", "Embedding", new EmbeddingHeadNetwork([layer], EmbeddingHeadActivation.Relu), new EmbeddingHeadTrainingSummary(1, 1, 0, double.NaN));
        var error = Assert.Throws<ArgumentException>(() => head.ExportToOnnx(new MemoryStream(), "embedding_head/x", "output"));
        Assert.Contains("starts with 'embedding_head/'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => head.ExportToOnnx(new MemoryStream(), "same", "same"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
