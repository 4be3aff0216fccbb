using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>
/// A learned linear metric exported with the core library's own ONNX writer runs in ONNX Runtime and gives the
/// transformer's outputs (issue: metric learning I, ONNX export).
/// </summary>
public sealed class ProjectionExportRuntimeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-onnx-export-").FullName;

    [Theory]
    [InlineData("input", "output")]
    [InlineData("embedding_in", "embedding_out")]
    public void Exported_projection_runs_in_onnx_runtime_with_the_transformer_outputs(string inputName, string outputName)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = TestData.RandomRows(80, 6, seed: 12);
        string[] labels = rows.Select((r, i) => (i % 3) switch { 0 => "a", 1 => "b", _ => "c" }).ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i][i % 3] += 2f;
        }

        IDataView data = TestData.FromRows(mlContext, rows, labels);
        MahalanobisProjectionTransformer fitted = mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 2).Fit(data);
        float[][] expected = ColumnValues.Vectors(fitted.Transform(data), "Projected");
        string path = Path.Combine(_directory, $"{inputName}.onnx");
        fitted.ExportToOnnx(path, inputName, outputName);

        using var session = new InferenceSession(path);
        Assert.Equal(inputName, session.InputMetadata.Keys.Single());
        Assert.Equal(outputName, session.OutputMetadata.Keys.Single());
        Assert.Equal([-1, 6], session.InputMetadata[inputName].Dimensions);
        Assert.Equal([-1, 2], session.OutputMetadata[outputName].Dimensions);
        Assert.Equal(typeof(float), session.InputMetadata[inputName].ElementType);

        OnnxRuntimeBatches.AssertOutputs(session, inputName, rows, expected, [80, 1, 7], "projection");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
