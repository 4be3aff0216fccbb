using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace MLEmbeddings.Onnx;

/// <summary>
/// Splits normalised text into words the way Hugging Face's BERT <c>BasicTokenizer</c> does: at whitespace, and every
/// punctuation character is a word of its own (ASCII symbols <c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c> and the
/// Unicode punctuation categories). Everything else, including symbols such as emoji, stays in the word, so WordPiece
/// maps an unknown symbol to <c>[UNK]</c> instead of dropping it.
/// </summary>
internal sealed class BertPreTokenizer : PreTokenizer
{
    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(text);
    }

    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    private static IEnumerable<(int Offset, int Length)> Split(string text)
    {
        int start = -1;
        int index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out Rune rune, out int width);
            bool whitespace = BertTextNormalizer.IsWhitespace(rune);
            if (whitespace || IsPunctuation(rune))
            {
                if (start >= 0)
                {
                    yield return (start, index - start);
                    start = -1;
                }

                if (!whitespace)
                {
                    yield return (index, width);
                }
            }
            else if (start < 0)
            {
                start = index;
            }

            index += width;
        }

        if (start >= 0)
        {
            yield return (start, text.Length - start);
        }
    }

    private static bool IsPunctuation(Rune rune)
    {
        int value = rune.Value;
        if (value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }
}
