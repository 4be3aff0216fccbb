using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Export;

/// <summary>
/// ONNX export of the learned projection: compared field by field with a reference model built by the onnx package
/// (tests/fixtures/onnx_projection_reference.onnx), byte-compared with the export that the onnx checker accepted
/// (tests/fixtures/onnx_projection_exported.onnx, see tests/fixtures/onnx_export_check.txt), and evaluated.
/// Both files come from tests/fixtures/scripts/check_onnx_export.py.
/// </summary>
public class OnnxExportTests
{
    /// <summary>The fixture's projection: <c>L[k, j] = (5 k + j) / 8 - 1</c>, 3 x 5, exactly representable.</summary>
    private static MahalanobisProjectionTransformer FixtureProjection()
    {
        float[] values = Enumerable.Range(0, 15).Select(i => (i / 8f) - 1f).ToArray();
        return new MahalanobisProjectionTransformer(MetricLearningAlgorithm.LocalFisherDiscriminantAnalysis, "Features", "Projected", new DenseMatrix(3, 5, values), true, 0, 0);
    }

    [Fact]
    public void Export_has_the_fields_of_the_onnx_helper_reference()
    {
        using var stream = new MemoryStream();
        FixtureProjection().ExportToOnnx(stream);
        OnnxModelDescription ours = OnnxModelReader.Read(stream.ToArray());
        OnnxModelDescription reference = OnnxModelReader.Read(File.ReadAllBytes(RepositoryFiles.Path("tests/fixtures/onnx_projection_reference.onnx")));

        Assert.Equal(reference.IrVersion, ours.IrVersion);
        Assert.Equal(7, ours.IrVersion);
        Assert.Equal(reference.Opsets, ours.Opsets);
        Assert.Equal([(string.Empty, 13L)], ours.Opsets);
        Assert.Equal("MLEmbeddings", ours.ProducerName);
        OnnxNode node = Assert.Single(ours.Nodes);
        OnnxNode referenceNode = Assert.Single(reference.Nodes);
        Assert.Equal(("MatMul", string.Empty), (node.OperatorType, node.Domain));
        Assert.Equal(referenceNode.OperatorType, node.OperatorType);
        Assert.Equal(referenceNode.Inputs, node.Inputs);
        Assert.Equal(referenceNode.Outputs, node.Outputs);
        OnnxTensor weight = Assert.Single(ours.Initializers);
        OnnxTensor referenceWeight = Assert.Single(reference.Initializers);
        Assert.Equal((referenceWeight.Name, referenceWeight.DataType), (weight.Name, weight.DataType));
        Assert.Equal(referenceWeight.Dimensions, weight.Dimensions);
        Assert.Equal(referenceWeight.Values, weight.Values);
        foreach ((OnnxValue value, OnnxValue expected) in ours.Inputs.Concat(ours.Outputs).Zip(reference.Inputs.Concat(reference.Outputs)))
        {
            Assert.Equal((expected.Name, expected.ElementType), (value.Name, value.ElementType));
            Assert.Equal(expected.Dimensions, value.Dimensions);
        }

        Assert.Equal(["batch", "5"], ours.Inputs.Single().Dimensions);
        Assert.Equal(["batch", "3"], ours.Outputs.Single().Dimensions);
    }

    [Fact]
    public void Export_bytes_equal_the_file_the_onnx_checker_accepted()
    {
        // To regenerate after a deliberate format change: MLEMBEDDINGS_WRITE_FIXTURES=1 dotnet test --filter this test,
        // then rerun tests/fixtures/scripts/check_onnx_export.py and commit both files.
        string path = RepositoryFiles.Path("tests/fixtures/onnx_projection_exported.onnx");
        using var stream = new MemoryStream();
        FixtureProjection().ExportToOnnx(stream);
        if (Environment.GetEnvironmentVariable("MLEMBEDDINGS_WRITE_FIXTURES") == "1")
        {
            File.WriteAllBytes(path, stream.ToArray());
        }

        Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        Assert.Contains("check_model(full_check=True): passed", File.ReadAllText(RepositoryFiles.Path("tests/fixtures/onnx_export_check.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Exported_graph_computes_the_transformer_outputs()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = MetricLearning.MetricLearningData.InformativeAmongNoise(80, 6, 3, seed: 51);
        MahalanobisProjectionTransformer fitted = mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 2).Fit(TestData.FromRows(mlContext, rows, labels));
        string folder = Directory.CreateTempSubdirectory("onnx-export-").FullName;
        try
        {
            string path = Path.Combine(folder, "projection.onnx");
            fitted.ExportToOnnx(path, "embedding_in", "embedding_out");
            OnnxModelDescription model = OnnxModelReader.Read(File.ReadAllBytes(path));
            Assert.Equal(["embedding_in", "projection"], model.Nodes.Single().Inputs);
            Assert.Equal(["embedding_out"], model.Nodes.Single().Outputs);
            OnnxTensor weight = model.Initializers.Single();
            Assert.Equal([6L, 2L], weight.Dimensions);
            float[][] expected = MetricLearning.MetricLearningData.Project(mlContext, fitted, rows);
            for (int i = 0; i < rows.Length; i++)
            {
                for (int k = 0; k < 2; k++)
                {
                    double matMul = Enumerable.Range(0, 6).Sum(j => (double)rows[i][j] * weight.Values[(j * 2) + k]);
                    Assert.Equal(expected[i][k], matMul, 1e-4 * Math.Max(1, Math.Abs(matMul)));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Export_replaces_a_file_atomically_and_leaves_no_temporary_file()
    {
        string folder = Directory.CreateTempSubdirectory("onnx-atomic-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "an older model");
            FixtureProjection().ExportToOnnx(path);
            Assert.Equal(File.ReadAllBytes(RepositoryFiles.Path("tests/fixtures/onnx_projection_exported.onnx")), File.ReadAllBytes(path));
            Assert.Equal(["model.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));

            Assert.Throws<DirectoryNotFoundException>(() => FixtureProjection().ExportToOnnx(Path.Combine(folder, "missing", "model.onnx")));
            var names = Assert.Throws<ArgumentException>(() => FixtureProjection().ExportToOnnx(path, "x", "x"));
            Assert.Contains("inputName and outputName are both 'x'", names.Message, StringComparison.Ordinal);
            Assert.Equal(["model.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
