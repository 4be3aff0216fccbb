using System.Text.Json;

namespace MLEmbeddings.Onnx;

/// <summary>
/// Resolves the tokenizer settings of a Hugging Face export from the options and the JSON files next to the
/// vocabulary: an option that is set wins, then <c>sentence_bert_config.json</c> (<c>max_seq_length</c>),
/// <c>tokenizer_config.json</c> (<c>do_lower_case</c>, <c>strip_accents</c>, <c>tokenize_chinese_chars</c>,
/// <c>model_max_length</c>, special tokens) and <c>config.json</c> (<c>max_position_embeddings</c>), then the defaults.
/// </summary>
internal static class TokenizerConfiguration
{
    /// <summary>Hugging Face writes a huge <c>model_max_length</c> (1e30) when a tokenizer has no limit; such values are ignored.</summary>
    private const double LargestMeaningfulLength = 1_000_000;

    /// <summary>The settings for <paramref name="options"/> and the files in the vocabulary's folder.</summary>
    /// <exception cref="ArgumentException">A JSON file next to the vocabulary is not valid JSON.</exception>
    public static TokenizerSettings Resolve(SentenceEncoderOptions options)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(options.VocabularyPath)) ?? ".";
        using JsonDocument? tokenizer = ReadJson(Path.Combine(directory, "tokenizer_config.json"));
        using JsonDocument? sentenceBert = ReadJson(Path.Combine(directory, "sentence_bert_config.json"));
        using JsonDocument? model = ReadJson(Path.Combine(directory, "config.json"));

        bool lowerCase = options.LowerCase ?? Boolean(tokenizer, "do_lower_case") ?? true;
        bool removeAccents = options.RemoveAccents ?? Boolean(tokenizer, "strip_accents") ?? lowerCase;
        bool splitCjk = Boolean(tokenizer, "tokenize_chinese_chars") ?? true;
        int maximumLength = options.MaximumSequenceLength
            ?? Length(sentenceBert, "max_seq_length")
            ?? Length(tokenizer, "model_max_length")
            ?? Length(model, "max_position_embeddings")
            ?? Defaults.MaximumSequenceLength;
        return new TokenizerSettings(
            lowerCase,
            removeAccents,
            splitCjk,
            maximumLength,
            Token(tokenizer, "cls_token") ?? "[CLS]",
            Token(tokenizer, "sep_token") ?? "[SEP]",
            Token(tokenizer, "pad_token") ?? "[PAD]",
            Token(tokenizer, "unk_token") ?? "[UNK]",
            Token(tokenizer, "mask_token") ?? "[MASK]");
    }

    private static JsonDocument? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw OptionChecks.Invalid(nameof(SentenceEncoderOptions.VocabularyPath), $"'{path}' next to the vocabulary is not valid JSON ({exception.Message}). Fix or remove the file, or set the tokenizer options explicitly.", exception);
        }
    }

    private static JsonElement? Property(JsonDocument? document, string name)
        => document is not null && document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out JsonElement value) ? value : null;

    private static bool? Boolean(JsonDocument? document, string name) => Property(document, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    private static int? Length(JsonDocument? document, string name)
        => Property(document, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out double number) && number >= 2 && number <= LargestMeaningfulLength
            ? (int)number
            : null;

    /// <summary>A special token written as a string or as an added-token object with a <c>content</c> property.</summary>
    private static string? Token(JsonDocument? document, string name) => Property(document, name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Object } value when value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String => content.GetString(),
        _ => null,
    };
}
