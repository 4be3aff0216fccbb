using MLEmbeddings.Onnx;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Embeddings of the pipeline against torch references computed by the fixture script (float64, each sentence run alone).</summary>
public class SentenceEmbeddingOracleTests
{
    [Fact]
    public void Mean_pooled_normalised_embeddings_equal_the_torch_references()
    {
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), OnnxFixtures.Options(), OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference();
        Assert.Equal(20, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4, 0.99999, $"sentence {i}");
        }
    }

    [Fact]
    public void The_output_column_is_a_known_size_vector_of_the_model_dimension()
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, OnnxFixtures.Sentences);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding("Embedding", "Text", OnnxFixtures.ModelPath, OnnxFixtures.VocabularyPath).Fit(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 32), transformer.GetOutputSchema(data.Schema)["Embedding"].Type);
        Assert.Equal(32, transformer.Dimension);
        Assert.Equal("last_hidden_state", transformer.ModelOutputName);
        Assert.Equal(512, transformer.MaximumSequenceLength);
        Assert.True(transformer.LowerCase);
        Assert.True(transformer.Normalize);
    }

    [Theory]
    [InlineData(SentencePooling.Cls, "cls")]
    [InlineData(SentencePooling.Max, "max")]
    public void Cls_and_max_pooling_equal_the_torch_references(SentencePooling pooling, string variant)
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.Pooling = pooling;
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), options, OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference(variant);
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4, 0.99999, $"{pooling} sentence {i}");
        }
    }

    [Fact]
    public void Without_normalisation_the_mean_pooled_vectors_are_returned()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.Normalize = false;
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), options, OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference("mean_unnormalized");
        for (int i = 0; i < expected.Length; i++)
        {
            double norm = Math.Sqrt(expected[i].Sum(v => v * v));
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4 * Math.Max(1, norm), 0.99999, $"sentence {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void Matryoshka_truncation_keeps_the_first_values_renormalised(int dimension)
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.Dimension = dimension;
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), options, OnnxFixtures.Sentences);
        double[][] raw = OnnxFixtures.Reference("mean_unnormalized");
        for (int i = 0; i < raw.Length; i++)
        {
            OnnxFixtures.AssertClose(OnnxFixtures.Normalized(raw[i].Take(dimension)), actual[i], 1e-4, 0.99999, $"dimension {dimension}, sentence {i}");
        }
    }

    [Fact]
    public void A_pooled_sentence_embedding_output_is_discovered_and_used_as_is()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = OnnxFixtures.PooledModelPath;
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, OnnxFixtures.Sentences);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data);
        Assert.Equal("sentence_embedding", transformer.ModelOutputName);
        float[][] actual = MLEmbeddings.TestSupport.ColumnValues.Vectors(transformer.Transform(data), "Embedding");
        double[][] expected = OnnxFixtures.Reference();
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4, 0.99999, $"sentence {i}");
        }
    }

    [Fact]
    public void A_model_without_token_type_ids_is_fed_only_the_inputs_it_has()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = RepositoryFiles.Path("tests/fixtures/onnx/sentence_encoder_without_token_types.onnx");
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), options, OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference();
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4, 0.99999, $"sentence {i}");
        }
    }

    [Fact]
    public void The_token_output_of_the_pooled_model_can_be_chosen_and_pooled_by_us()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = OnnxFixtures.PooledModelPath;
        options.ModelOutputName = "last_hidden_state";
        options.Pooling = SentencePooling.Max;
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), options, OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference("max");
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], actual[i], 1e-4, 0.99999, $"sentence {i}");
        }
    }

    [Fact]
    public void Empty_whitespace_and_missing_text_give_the_embedding_of_CLS_SEP()
    {
        string?[] texts = [string.Empty, "   ", "\t\n", null, "\u3000"];
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), OnnxFixtures.Options(), texts);
        for (int i = 0; i < texts.Length; i++)
        {
            OnnxFixtures.AssertClose(OnnxFixtures.EmptyReference, actual[i], 1e-4, 0.99999, $"text {i}");
        }
    }

    [Fact]
    public void Non_ascii_cjk_and_emoji_text_is_embedded()
    {
        string[] texts = ["Grüße aus Köln", "日本語のテキストと한국어", "😀🚀👩‍💻 🇫🇷", "\u0000\uFFFD\u200B", new string('x', 5000)];
        float[][] actual = OnnxFixtures.Embed(new MLContext(1), OnnxFixtures.Options(), texts);
        Assert.All(actual, row => Assert.Equal(1.0, Math.Sqrt(row.Sum(v => (double)v * v)), 1e-5));
    }
}
