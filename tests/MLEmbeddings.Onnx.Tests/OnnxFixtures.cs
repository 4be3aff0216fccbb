using System.Globalization;
using System.Text.Json;
using MLEmbeddings.Onnx;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>
/// The committed test models and torch references of tests/fixtures/onnx (made by
/// tests/fixtures/scripts/make_onnx_test_model.py), and helpers to embed texts through the ML.NET pipeline.
/// </summary>
internal static class OnnxFixtures
{
    public static string ModelPath { get; } = RepositoryFiles.Path("tests/fixtures/onnx/sentence_encoder.onnx");

    public static string PooledModelPath { get; } = RepositoryFiles.Path("tests/fixtures/onnx/sentence_encoder_pooled.onnx");

    public static string WrongModelPath { get; } = RepositoryFiles.Path("tests/fixtures/onnx/not_a_sentence_encoder.onnx");

    public static string LogitsModelPath { get; } = RepositoryFiles.Path("tests/fixtures/onnx/logits_head.onnx");

    public static string VocabularyPath { get; } = RepositoryFiles.Path("tests/fixtures/onnx/vocab.txt");

    /// <summary>The 20 reference sentences, in the order of the reference files.</summary>
    public static string[] Sentences { get; } = File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/onnx/reference_sentences.txt"));

    /// <summary>Torch reference embeddings (float64) of <see cref="Sentences"/>: "" = mean + normalised, or "cls", "max", "mean_unnormalized".</summary>
    public static double[][] Reference(string variant = "")
        => ReadCsv(variant.Length == 0 ? "reference_embeddings.csv" : $"reference_embeddings_{variant}.csv");

    /// <summary>The torch reference embedding of [CLS][SEP] (mean pooling, normalised).</summary>
    public static double[] EmptyReference { get; } = ReadCsv("reference_empty.csv")[0];

    /// <summary>Texts and the token ids the Python WordPiece (Hugging Face BertTokenizer semantics) produced.</summary>
    public static (string Text, int[] Ids)[] TokenIds()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("tests/fixtures/onnx/token_ids.json")));
        return document.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("text").GetString()!, e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToArray();
    }

    /// <summary>Options for the test model with the given column names.</summary>
    public static SentenceEmbeddingOptions Options(string output = "Embedding", string input = "Text") => new()
    {
        OutputColumnName = output,
        InputColumnName = input,
        ModelPath = ModelPath,
        VocabularyPath = VocabularyPath,
    };

    /// <summary>A data view with a text column "Text" and an Int32 column "RowIndex".</summary>
    public static IDataView Texts(MLContext mlContext, IEnumerable<string?> texts)
        => mlContext.Data.LoadFromEnumerable(texts.Select((t, i) => new TextRow { Text = t, RowIndex = i }).ToList());

    /// <summary>Fits the estimator on the texts and returns the embedding column's rows.</summary>
    public static float[][] Embed(MLContext mlContext, SentenceEmbeddingOptions options, IReadOnlyList<string?> texts)
    {
        IDataView data = Texts(mlContext, texts);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data);
        return ColumnValues.Vectors(transformer.Transform(data), options.OutputColumnName);
    }

    /// <summary>Asserts two vectors agree within <paramref name="tolerance"/> per value and have cosine above <paramref name="minimumCosine"/>.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance, double minimumCosine, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} values instead of {expected.Count}.");
        double dot = 0, ee = 0, aa = 0, worst = 0;
        for (int j = 0; j < expected.Count; j++)
        {
            worst = Math.Max(worst, Math.Abs(expected[j] - actual[j]));
            dot += expected[j] * actual[j];
            ee += expected[j] * expected[j];
            aa += (double)actual[j] * actual[j];
        }

        double cosine = dot / Math.Sqrt(ee * aa);
        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:E3} exceeds {tolerance:E1}.");
        Assert.True(cosine > minimumCosine, $"{what}: cosine {cosine:R} is not above {minimumCosine}.");
    }

    /// <summary>L2-normalises a double vector (the test's own oracle arithmetic).</summary>
    public static double[] Normalized(IEnumerable<double> vector)
    {
        double[] values = vector.ToArray();
        double norm = Math.Sqrt(values.Sum(v => v * v));
        return values.Select(v => v / norm).ToArray();
    }

    private static double[][] ReadCsv(string name)
        => File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/onnx/" + name))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    internal sealed class TextRow
    {
        public string? Text { get; set; }

        public int RowIndex { get; set; }
    }
}
