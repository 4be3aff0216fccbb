using System.Globalization;
using System.IO.Compression;
using MLEmbeddings.Onnx;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>The conformance check, saving with the model inside the zip or by path, and loading in a separate process.</summary>
public sealed class SentenceEmbeddingPersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-onnx-").FullName;

    [Fact]
    public void The_estimator_passes_the_conformance_check()
    {
        EstimatorConformance.Check(new ConformanceCase<SentenceEmbeddingTransformer>
        {
            CreateEstimator = ml => ml.Transforms.Text.ApplySentenceEmbedding(OnnxFixtures.Options()),
            CreateData = ml => OnnxFixtures.Texts(ml, OnnxFixtures.Sentences),
            ExpectedOutputs = [new ExpectedColumn("Embedding", new VectorDataViewType(NumberDataViewType.Single, 32))],
            BadInputs =
            [
                BadInput.MissingColumn("Text"),
                new BadInput(
                    "column 'Text' as Int32",
                    (ml, data) => ml.Transforms.CopyColumns("Text", "RowIndex").Fit(data).Transform(data),
                    "Column 'Text'",
                    "expected a scalar text (String) column",
                    "Int32"),
            ],
        });
    }

    [Fact]
    public void A_format_1_payload_without_the_parallelism_settings_loads_with_their_defaults_and_embeds_alike()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.MaxDegreeOfParallelism = 3;
        options.MaximumBatchTokens = 100;
        using SentenceEmbedder saved = SentenceEmbedder.Create(options, keepModelBytes: true);
        var stream = new MemoryStream();
        saved.Save(new MLEmbeddings.Interop.ModelPayloadWriter(new BinaryWriter(stream)), embedFiles: true);

        // Format 1 ended before the two 32-bit settings that format 2 appends.
        long formatOneEnd = stream.Length - (2 * sizeof(int));
        stream.Position = 0;
        var reader = new MLEmbeddings.Interop.ModelPayloadReader(new BinaryReader(stream), formatOneEnd, "SentenceEmbedding");
        (SentenceEmbedder loaded, bool embedded) = SentenceEmbedder.Load(reader, formatVersion: 1);
        using (loaded)
        {
            Assert.True(embedded);
            Assert.Equal(0, reader.Remaining);
            Assert.Equal(new SentenceEncoderOptions().MaxDegreeOfParallelism, loaded.MaxDegreeOfParallelism);
            Assert.Null(loaded.MaximumBatchTokens);
            ReadOnlyMemory<char>[] texts = OnnxFixtures.Sentences.Select(text => (text ?? string.Empty).AsMemory()).ToArray();
            var expected = new float[texts.Length * saved.Dimension];
            var actual = new float[texts.Length * loaded.Dimension];
            saved.Embed(texts, new MLEmbeddings.Kernels.MatrixView(expected, texts.Length, saved.Dimension));
            loaded.Embed(texts, new MLEmbeddings.Kernels.MatrixView(actual, texts.Length, loaded.Dimension));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_model_saved_with_the_onnx_file_inside_loads_in_a_fresh_context_after_the_files_are_gone()
    {
        string modelCopy = CopyFixtures();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = Path.Combine(modelCopy, "sentence_encoder.onnx");
        options.VocabularyPath = Path.Combine(modelCopy, "vocab.txt");
        options.Dimension = 16;
        options.Pooling = SentencePooling.Max;
        options.IntraOpThreadCount = 2;
        options.MaxDegreeOfParallelism = 3;
        options.MaximumBatchTokens = 100;
        (string zip, float[][] expected) = SaveModel(options);
        Directory.Delete(modelCopy, recursive: true);
        using (ZipArchive archive = ZipFile.OpenRead(zip))
        {
            Assert.Contains(archive.Entries, e => e.Length > 200_000);
        }


        var fresh = new MLContext(2).RegisterMLEmbeddings();
        ITransformer loaded = fresh.Model.Load(zip, out _);
        float[][] actual = ColumnValues.Vectors(loaded.Transform(OnnxFixtures.Texts(fresh, OnnxFixtures.Sentences)), "Embedding");
        Assert.Equal(expected, actual);
        var transformer = Assert.IsType<SentenceEmbeddingTransformer>(loaded);
        Assert.Equal((16, SentencePooling.Max, true), (transformer.Dimension, transformer.Pooling, transformer.EmbedModelInZip));
        Assert.Equal((2, 3, (int?)100), (transformer.IntraOpThreadCount, transformer.MaxDegreeOfParallelism, transformer.MaximumBatchTokens));
        transformer.Dispose();
    }

    [Fact]
    public void A_model_saved_by_path_stays_small_and_loads_while_the_files_exist()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.EmbedModelInZip = false;
        (string zip, float[][] expected) = SaveModel(options);
        Assert.True(new FileInfo(zip).Length < 20_000, $"the zip has {new FileInfo(zip).Length} bytes");
        ITransformer loaded = new MLContext(2).RegisterMLEmbeddings().Model.Load(zip, out _);
        Assert.Equal(expected, ColumnValues.Vectors(loaded.Transform(OnnxFixtures.Texts(new MLContext(3), OnnxFixtures.Sentences)), "Embedding"));
    }

    [Fact]
    public void A_model_saved_by_path_names_the_missing_file_when_loaded_without_it()
    {
        string modelCopy = CopyFixtures();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = Path.Combine(modelCopy, "sentence_encoder.onnx");
        options.VocabularyPath = Path.Combine(modelCopy, "vocab.txt");
        options.EmbedModelInZip = false;
        (string zip, _) = SaveModel(options);
        File.Delete(options.ModelPath);
        Exception exception = Assert.ThrowsAny<Exception>(() => new MLContext(2).RegisterMLEmbeddings().Model.Load(zip, out _));
        string messages = string.Join(" | ", Chain(exception).Select(e => e.Message));
        Assert.Contains($"the file '{options.ModelPath}' does not exist", messages, StringComparison.Ordinal);
        Assert.Contains("EmbedModelInZip = false", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_process_that_never_touches_the_onnx_assembly_loads_with_the_one_registration_line()
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, OnnxFixtures.Sentences);
        var pipeline = mlContext.Transforms.Text.ApplySentenceEmbedding("Embedding", "Text", OnnxFixtures.ModelPath, OnnxFixtures.VocabularyPath);
        ITransformer model = pipeline.Fit(data);
        string zip = Path.Combine(_directory, "process.zip");
        mlContext.Model.Save(model, data.Schema, zip);
        float[][] expected = ColumnValues.Vectors(model.Transform(data), "Embedding");
        string input = Path.Combine(_directory, "texts.txt");
        File.WriteAllLines(input, OnnxFixtures.Sentences);

        (int exitCode, string output) = LoadCheckProcess.Run(typeof(SentenceEmbeddingPersistenceTests).Assembly, [zip, input, "register", "Embedding"]);
        Assert.True(exitCode == 0, output);
        Assert.Equal(
            expected.Select(r => string.Join(' ', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        (exitCode, output) = LoadCheckProcess.Run(typeof(SentenceEmbeddingPersistenceTests).Assembly, [zip, input, "plain", "Embedding"]);
        Assert.True(exitCode == 2, output);
        Assert.Equal("ERROR System.FormatException: Couldn't load model: 'TransformerChain'", output.Trim());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private (string Zip, float[][] Expected) SaveModel(SentenceEmbeddingOptions options)
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, OnnxFixtures.Sentences);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data);
        string zip = Path.Combine(_directory, $"model-{Guid.NewGuid():N}.zip");
        mlContext.Model.Save(transformer, data.Schema, zip);
        return (zip, ColumnValues.Vectors(transformer.Transform(data), "Embedding"));
    }

    private string CopyFixtures()
    {
        string copy = Directory.CreateDirectory(Path.Combine(_directory, $"files-{Guid.NewGuid():N}")).FullName;
        File.Copy(OnnxFixtures.ModelPath, Path.Combine(copy, "sentence_encoder.onnx"));
        File.Copy(OnnxFixtures.VocabularyPath, Path.Combine(copy, "vocab.txt"));
        return copy;
    }
}
