using MLEmbeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.ML;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Bad files, bad models and bad options are rejected with messages that say what is wrong and what the model has.</summary>
public sealed class SentenceEmbeddingBadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-onnx-bad-").FullName;

    [Fact]
    public void A_missing_model_file_is_named()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = Path.Combine(_directory, "missing.onnx");
        ArgumentException exception = FitFails(options);
        Assert.Equal("ModelPath", exception.ParamName);
        Assert.Contains($"ModelPath: the file '{options.ModelPath}' does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_rejected()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(options.ModelPath, "this is not a protobuf model");
        ArgumentException exception = FitFails(options);
        Assert.Equal("ModelPath", exception.ParamName);
        Assert.Contains($"'{options.ModelPath}' is not an ONNX model that ONNX Runtime can load", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_other_inputs_lists_its_inputs()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = OnnxFixtures.WrongModelPath;
        ArgumentException exception = FitFails(options);
        Assert.Contains("is not a sentence encoder. Expected int64 [batch, sequence] inputs 'input_ids' and 'attention_mask'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("the model's inputs are 'pixel_values' Single [batch, 4]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_an_embedding_output_lists_its_outputs()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelPath = OnnxFixtures.LogitsModelPath;
        ArgumentException exception = FitFails(options);
        Assert.Contains("Expected a float output 'sentence_embedding' [batch, hidden], 'last_hidden_state' or 'token_embeddings'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("the model's outputs are 'logits' Single [batch, 2]", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Set ModelOutputName", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_output_name_lists_the_outputs()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.ModelOutputName = "pooler_output";
        ArgumentException exception = FitFails(options);
        Assert.Contains("Expected the float output 'pooler_output' (ModelOutputName)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("the model's outputs are 'last_hidden_state' Single [batch, sequence, 32]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_vocabulary_is_named()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.VocabularyPath = Path.Combine(_directory, "vocab.txt");
        ArgumentException exception = FitFails(options);
        Assert.Equal("VocabularyPath", exception.ParamName);
        Assert.Contains($"VocabularyPath: the file '{options.VocabularyPath}' does not exist. Expected the WordPiece vocabulary (vocab.txt).", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_without_the_special_tokens_is_rejected()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.VocabularyPath = Path.Combine(_directory, "vocab.txt");
        File.WriteAllLines(options.VocabularyPath, ["the", "a", "word"]);
        ArgumentException exception = FitFails(options);
        Assert.Equal("VocabularyPath", exception.ParamName);
        Assert.Contains("is not a WordPiece vocabulary with the special tokens [CLS], [SEP], [PAD], [UNK] and [MASK]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dimension_larger_than_the_model_is_rejected_at_fit()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.Dimension = 33;
        ArgumentException exception = FitFails(options);
        Assert.IsType<ArgumentOutOfRangeException>(exception);
        Assert.Contains("Dimension is 33 but the model's embeddings ('last_hidden_state') have 32 values. Choose a Dimension in [1, 32] or null.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BatchSize", "BatchSize must be at least 1; got 0.")]
    [InlineData("SortingWindowSize", "SortingWindowSize must be 0 (no sorting) or at least BatchSize (32); got 5.")]
    [InlineData("MaximumSequenceLength", "MaximumSequenceLength must be at least 2; got 1.")]
    [InlineData("IntraOpThreadCount", "IntraOpThreadCount must be at least 0; got -1.")]
    [InlineData("MaximumBatchTokens", "MaximumBatchTokens must be at least 1; got 0.")]
    [InlineData("MaxDegreeOfParallelism", "MaxDegreeOfParallelism must be -1 (all cores) or a positive thread count; got 0.")]
    [InlineData("ModelPath", "ModelPath must be the path of a file; got ''.")]
    [InlineData("OutputColumnName", "OutputColumnName must name a column; got ''.")]
    public void Options_are_checked_when_the_estimator_is_created(string option, string message)
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        switch (option)
        {
            case "BatchSize": options.BatchSize = 0; break;
            case "SortingWindowSize": options.SortingWindowSize = 5; break;
            case "MaximumSequenceLength": options.MaximumSequenceLength = 1; break;
            case "IntraOpThreadCount": options.IntraOpThreadCount = -1; break;
            case "MaxDegreeOfParallelism": options.MaxDegreeOfParallelism = 0; break;
            case "MaximumBatchTokens": options.MaximumBatchTokens = 0; break;
            case "ModelPath": options.ModelPath = string.Empty; break;
            default: options.OutputColumnName = string.Empty; break;
        }

        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Transforms.Text.ApplySentenceEmbedding(options));
        Assert.Equal(option, exception.ParamName);
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_passed_to_the_embedding_generator_throws_ArgumentNullException()
    {
        using var generator = new SentenceEmbeddingGenerator(OnnxFixtures.Options());
        ArgumentNullException whole = await Assert.ThrowsAsync<ArgumentNullException>(() => generator.GenerateAsync(null!));
        Assert.Equal("values", whole.ParamName);
        ArgumentNullException element = await Assert.ThrowsAsync<ArgumentNullException>(() => generator.GenerateAsync(["a", null!]));
        Assert.Contains("values[1] is null", element.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new SentenceEmbeddingGenerator(null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 33 }));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ArgumentException FitFails(SentenceEmbeddingOptions options)
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, ["a"]);
        return Assert.ThrowsAny<ArgumentException>(() => mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data));
    }
}
