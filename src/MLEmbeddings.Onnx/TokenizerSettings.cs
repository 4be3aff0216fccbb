using MLEmbeddings.Interop;

namespace MLEmbeddings.Onnx;

/// <summary>The resolved WordPiece tokenizer settings of an encoder (what is saved with the model).</summary>
/// <param name="LowerCase">Lower-case the text.</param>
/// <param name="RemoveAccents">Strip accents (NFD, combining marks removed).</param>
/// <param name="SplitCjkCharacters">Put every CJK ideograph in a word of its own.</param>
/// <param name="MaximumSequenceLength">Most tokens per text, counting [CLS] and [SEP].</param>
/// <param name="ClassificationToken">The first token ([CLS]).</param>
/// <param name="SeparatorToken">The last token ([SEP]).</param>
/// <param name="PaddingToken">The padding token ([PAD]).</param>
/// <param name="UnknownToken">The token of words not in the vocabulary ([UNK]).</param>
/// <param name="MaskingToken">The mask token ([MASK]).</param>
internal sealed record TokenizerSettings(
    bool LowerCase,
    bool RemoveAccents,
    bool SplitCjkCharacters,
    int MaximumSequenceLength,
    string ClassificationToken,
    string SeparatorToken,
    string PaddingToken,
    string UnknownToken,
    string MaskingToken)
{
    /// <summary>Writes the settings.</summary>
    public void Save(ModelPayloadWriter writer)
    {
        writer.Write(LowerCase);
        writer.Write(RemoveAccents);
        writer.Write(SplitCjkCharacters);
        writer.Write(MaximumSequenceLength);
        writer.Write([ClassificationToken, SeparatorToken, PaddingToken, UnknownToken, MaskingToken]);
    }

    /// <summary>Reads settings written by <see cref="Save"/>.</summary>
    public static TokenizerSettings Load(ModelPayloadReader reader)
    {
        bool lowerCase = reader.ReadBoolean();
        bool removeAccents = reader.ReadBoolean();
        bool splitCjk = reader.ReadBoolean();
        int maximumLength = reader.ReadInt32("the maximum sequence length", 2, int.MaxValue);
        string[] tokens = reader.ReadStrings();
        if (tokens.Length != 5)
        {
            throw reader.Corrupt($"the tokenizer has {tokens.Length} special tokens instead of 5");
        }

        return new TokenizerSettings(lowerCase, removeAccents, splitCjk, maximumLength, tokens[0], tokens[1], tokens[2], tokens[3], tokens[4]);
    }
}
