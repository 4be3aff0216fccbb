using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace MLEmbeddings.Onnx;

/// <summary>
/// The text normalisation of Hugging Face's BERT tokenizer (its <c>BasicTokenizer</c>): removes NUL, U+FFFD and
/// control/format characters, turns every whitespace character (including tab, line feed and carriage return) into a
/// space, surrounds CJK ideographs with spaces, then lower-cases and strips accents (NFD, non-spacing marks removed) as
/// configured. Unlike the built-in BERT normaliser it keeps tab and newline as word separators, does not recompose
/// the text after stripping accents, and removes format characters such as the zero-width joiner, as Hugging Face does.
/// </summary>
internal sealed class BertTextNormalizer : Normalizer
{
    private readonly bool _lowerCase;
    private readonly bool _removeAccents;
    private readonly bool _splitCjkCharacters;

    /// <summary>Creates the normaliser.</summary>
    public BertTextNormalizer(bool lowerCase, bool removeAccents, bool splitCjkCharacters)
    {
        _lowerCase = lowerCase;
        _removeAccents = removeAccents;
        _splitCjkCharacters = splitCjkCharacters;
    }

    /// <inheritdoc/>
    public override string Normalize(string original) => Normalize(original.AsSpan());

    /// <inheritdoc/>
    public override string Normalize(ReadOnlySpan<char> original)
    {
        var cleaned = new StringBuilder(original.Length + 8);
        Span<char> units = stackalloc char[2];
        bool ascii = true;
        foreach (Rune rune in original.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                // Printable ASCII is kept; tab, line feed and carriage return become spaces; other controls go.
                if (rune.Value >= 0x20 && rune.Value != 0x7F)
                {
                    cleaned.Append((char)rune.Value);
                }
                else if (rune.Value is '\t' or '\n' or '\r')
                {
                    cleaned.Append(' ');
                }

                continue;
            }

            ascii = false;
            if (rune.Value == 0xFFFD || IsControl(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                cleaned.Append(' ');
                continue;
            }

            bool isolate = _splitCjkCharacters && IsCjkIdeograph(rune.Value);
            if (isolate)
            {
                cleaned.Append(' ');
            }

            cleaned.Append(units[..rune.EncodeToUtf16(units)]);
            if (isolate)
            {
                cleaned.Append(' ');
            }
        }

        string text = cleaned.ToString();
        if (_lowerCase)
        {
            text = text.ToLowerInvariant();
        }

        return _removeAccents && !ascii ? RemoveNonSpacingMarks(text) : text;
    }

    /// <summary>Hugging Face's whitespace: space, tab, line feed, carriage return and the space separators (Zs).</summary>
    internal static bool IsWhitespace(Rune rune)
        => rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;

    /// <summary>The CJK Unified Ideographs blocks (and extensions and compatibility ideographs) BERT splits into single characters.</summary>
    private static bool IsCjkIdeograph(int codePoint)
        => codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static string RemoveNonSpacingMarks(string text)
    {
        string decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
