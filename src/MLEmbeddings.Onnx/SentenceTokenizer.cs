using Microsoft.ML.Tokenizers;

namespace MLEmbeddings.Onnx;

/// <summary>
/// WordPiece tokenisation of one text into model input ids, as Hugging Face's BERT tokenizer produces them:
/// <c>[CLS] pieces [SEP]</c>, keeping the first <c>MaximumSequenceLength - 2</c> pieces of a longer text. Thread-safe.
/// </summary>
internal sealed class SentenceTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private SentenceTokenizer(BertTokenizer tokenizer, TokenizerSettings settings)
    {
        _tokenizer = tokenizer;
        Settings = settings;
    }

    /// <summary>The settings the tokenizer was built with.</summary>
    public TokenizerSettings Settings { get; }

    /// <summary>The id of the padding token.</summary>
    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>Builds the tokenizer from a <c>vocab.txt</c> stream.</summary>
    /// <param name="vocabulary">The vocabulary, one token per line (line number = id).</param>
    /// <param name="settings">The tokenizer settings.</param>
    /// <param name="source">The vocabulary's origin, for messages.</param>
    /// <exception cref="ArgumentException">The vocabulary lacks a special token or cannot be read.</exception>
    public static SentenceTokenizer Create(Stream vocabulary, TokenizerSettings settings, string source)
    {
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = settings.LowerCase,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = false,
            IndividuallyTokenizeCjk = settings.SplitCjkCharacters,
            RemoveNonSpacingMarks = settings.RemoveAccents,
            Normalizer = new BertTextNormalizer(settings.LowerCase, settings.RemoveAccents, settings.SplitCjkCharacters),
            PreTokenizer = new BertPreTokenizer(),
            ClassificationToken = settings.ClassificationToken,
            SeparatorToken = settings.SeparatorToken,
            PaddingToken = settings.PaddingToken,
            UnknownToken = settings.UnknownToken,
            MaskingToken = settings.MaskingToken,
        };
        try
        {
            return new SentenceTokenizer(BertTokenizer.Create(vocabulary, options), settings);
        }
        catch (Exception exception) when (exception is ArgumentException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw OptionChecks.Invalid(nameof(SentenceEncoderOptions.VocabularyPath), $"The vocabulary {source} is not a WordPiece vocabulary with the special tokens {settings.ClassificationToken}, {settings.SeparatorToken}, " +
                $"{settings.PaddingToken}, {settings.UnknownToken} and {settings.MaskingToken} ({exception.Message}).", exception);
        }
    }

    /// <summary>The input ids of <paramref name="text"/>: <c>[CLS]</c>, at most <c>MaximumSequenceLength - 2</c> word pieces, <c>[SEP]</c>.</summary>
    public int[] Encode(ReadOnlySpan<char> text)
    {
        IReadOnlyList<int> pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        int count = Math.Min(pieces.Count, Settings.MaximumSequenceLength - 2);
        var ids = new int[count + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (int i = 0; i < count; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[count + 1] = _tokenizer.SeparatorTokenId;
        return ids;
    }
}
