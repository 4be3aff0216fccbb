using MLEmbeddings.Onnx;
using Microsoft.ML;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Tokenizer settings from the Hugging Face files next to the vocabulary, and options overriding them.</summary>
public sealed class TokenizerConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-tokenizer-").FullName;

    public TokenizerConfigurationTests() => File.Copy(OnnxFixtures.VocabularyPath, Path.Combine(_directory, "vocab.txt"));

    [Fact]
    public void Without_files_the_defaults_apply()
    {
        TokenizerSettings settings = Resolve(new SentenceEncoderOptions());
        Assert.Equal(new TokenizerSettings(true, true, true, 512, "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"), settings);
    }

    [Fact]
    public void Tokenizer_config_json_sets_case_accents_length_and_special_tokens()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """
            {"do_lower_case": false, "strip_accents": true, "tokenize_chinese_chars": false, "model_max_length": 128,
             "cls_token": {"content": "[CLS]", "lstrip": false}, "unk_token": "[UNK]"}
            """);
        Assert.Equal(new TokenizerSettings(false, true, false, 128, "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"), Resolve(new SentenceEncoderOptions()));
    }

    [Fact]
    public void Sentence_bert_config_wins_over_tokenizer_config_and_config_json_is_the_last_resort()
    {
        File.WriteAllText(Path.Combine(_directory, "config.json"), """{"max_position_embeddings": 64}""");
        Assert.Equal(64, Resolve(new SentenceEncoderOptions()).MaximumSequenceLength);
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """{"model_max_length": 1000000000000000019884624838656}""");
        Assert.Equal(64, Resolve(new SentenceEncoderOptions()).MaximumSequenceLength);
        File.WriteAllText(Path.Combine(_directory, "sentence_bert_config.json"), """{"max_seq_length": 16, "do_lower_case": false}""");
        Assert.Equal(16, Resolve(new SentenceEncoderOptions()).MaximumSequenceLength);
    }

    [Fact]
    public void Options_win_over_the_files_and_strip_accents_follows_lower_case_when_unset()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """{"do_lower_case": true, "strip_accents": null, "model_max_length": 128}""");
        TokenizerSettings settings = Resolve(new SentenceEncoderOptions { LowerCase = false, MaximumSequenceLength = 10 });
        Assert.Equal((false, false, 10), (settings.LowerCase, settings.RemoveAccents, settings.MaximumSequenceLength));
    }

    [Fact]
    public void Cased_tokenisation_keeps_upper_case_and_accents()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """{"do_lower_case": false}""");
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, ["The Café"]);
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.VocabularyPath = Path.Combine(_directory, "vocab.txt");
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data);
        Assert.False(transformer.LowerCase);
        Assert.False(transformer.RemoveAccents);
        SentenceTokenizer tokenizer = SentenceTokenizer.Create(File.OpenRead(options.VocabularyPath), TokenizerConfiguration.Resolve(options), "test");
        Assert.Equal([2, 1, 1, 3], tokenizer.Encode("The Café"));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_path()
    {
        string path = Path.Combine(_directory, "tokenizer_config.json");
        File.WriteAllText(path, "{ not json");
        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(() => Resolve(new SentenceEncoderOptions()));
        Assert.Contains($"'{path}' next to the vocabulary is not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TokenizerSettings Resolve(SentenceEncoderOptions options)
    {
        options.VocabularyPath = Path.Combine(_directory, "vocab.txt");
        return TokenizerConfiguration.Resolve(options);
    }
}
