using System.Globalization;
using MLEmbeddings.Embeddings;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests;

/// <summary>
/// Loads a saved model in a separate process (tests/MLEmbeddings.LoadCheck), an app that does not touch
/// MLEmbeddings before <c>Model.Load</c> except for the documented <c>mlContext.RegisterMLEmbeddings()</c> line.
/// </summary>
public sealed class SeparateProcessLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-load-").FullName;

    [Fact]
    public void AFreshProcessLoadsAndScoresTheModelWithTheRegistrationLine()
    {
        float[][] rows = TestData.RandomRows(9, 8, seed: 30);
        (string model, string input) = SaveModel(rows, dimension: 3);
        (int exitCode, string output) = Run(model, input, "register");
        Assert.True(exitCode == 0, output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows.Length, lines.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            double[] expected = TruncateOracle.Truncate(rows[i], 3, normalize: true);
            double[] actual = lines[i].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-6));
        }
    }

    [Fact]
    public void WithoutTheRegistrationLineMLNetFailsWithTheDocumentedMessage()
    {
        (string model, string input) = SaveModel(TestData.RandomRows(2, 8, seed: 31), dimension: 3);
        (int exitCode, string output) = Run(model, input, "plain");
        Assert.True(exitCode == 2, output);
        Assert.Equal("ERROR System.FormatException: Couldn't load model: 'TransformerChain'", output.Trim());
    }

    [Fact]
    public void APipelineLoadsWithTheRegistrationLineAndNamesTheFailingStepWithoutIt()
    {
        float[][] rows = TestData.RandomRows(4, 8, seed: 32);
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, rows);
        var pipeline = mlContext.Transforms.CopyColumns("Copy", "Features")
            .Append(mlContext.Transforms.TruncateEmbedding("Short", "Copy", dimension: 2, normalize: false));
        string modelPath = Path.Combine(_directory, "pipeline.zip");
        mlContext.Model.Save(pipeline.Fit(data), data.Schema, modelPath);
        string inputPath = WriteInput(rows);

        (int exitCode, string output) = Run(modelPath, inputPath, "register");
        Assert.True(exitCode == 0, output);
        Assert.Equal(rows.Select(r => string.Join(' ', r.Take(2).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))), output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        (exitCode, output) = Run(modelPath, inputPath, "plain");
        Assert.True(exitCode == 2, output);
        Assert.Equal(
            [
                "ERROR System.InvalidOperationException: Error during class instantiation",
                "ERROR System.Reflection.TargetInvocationException: Exception has been thrown by the target of an invocation.",
                $"ERROR System.FormatException: Couldn't load model: '{Path.Combine("TransformerChain", "Transform_001")}'",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_fresh_process_loads_a_k_nearest_neighbors_model_and_scores_it_identically()
    {
        var mlContext = new MLContext(1);
        float[][] train = TestData.RandomRows(300, 8, seed: 33);
        string[] labels = train.Select(r => r[0] > 0 ? (r[1] > 0 ? "both" : "first") : "neither").ToArray();
        IDataView data = TestData.FromRows(mlContext, train, labels);
        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 7).Fit(data);
        string modelPath = Path.Combine(_directory, "knn.zip");
        mlContext.Model.Save(model, data.Schema, modelPath);
        float[][] queries = TestData.RandomRows(25, 8, seed: 34);
        float[][] expected = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, queries)), "Score");

        (int exitCode, string output) = Run(modelPath, WriteInput(queries), "register", "Score");
        Assert.True(exitCode == 0, output);
        Assert.Equal(
            expected.Select(r => string.Join(' ', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (string Model, string Input) SaveModel(float[][] rows, int dimension)
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, rows);
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension).Fit(data);
        string modelPath = Path.Combine(_directory, "model.zip");
        mlContext.Model.Save(model, data.Schema, modelPath);
        return (modelPath, WriteInput(rows));
    }

    private string WriteInput(float[][] rows)
    {
        string inputPath = Path.Combine(_directory, "input.txt");
        File.WriteAllLines(inputPath, rows.Select(r => string.Join(' ', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        return inputPath;
    }

    private static (int ExitCode, string Output) Run(string model, string input, string mode, string outputColumn = "Short")
        => LoadCheckProcess.Run(typeof(SeparateProcessLoadTests).Assembly, [model, input, mode, outputColumn]);
}
