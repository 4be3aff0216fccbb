using MLEmbeddings.Onnx;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>The tokenizer against an independent WordPiece implementation of Hugging Face's BertTokenizer (Python, token_ids.json).</summary>
public class TokenizationTests
{
    private static readonly SentenceTokenizer Tokenizer = SentenceTokenizer.Create(
        File.OpenRead(OnnxFixtures.VocabularyPath),
        new TokenizerSettings(true, true, true, 512, "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"),
        "test");

    public static TheoryData<int> Entries()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < OnnxFixtures.TokenIds().Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Token_ids_match_the_Hugging_Face_semantics(int entry)
    {
        (string text, int[] expected) = OnnxFixtures.TokenIds()[entry];
        Assert.Equal(expected, Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \n\r\u00a0\u3000")]
    public void Empty_and_whitespace_only_text_is_CLS_SEP(string text)
        => Assert.Equal([2, 3], Tokenizer.Encode(text));

    [Theory]
    [InlineData("Grüße aus Köln, ça va? Ωμέγα")]
    [InlineData("日本語のテキストと한국어 텍스트")]
    [InlineData("emoji 😀🚀👩‍💻🏳️‍🌈 and flags 🇫🇷")]
    [InlineData("\u0000\uFFFD\u200B\u202E control characters \u0007")]
    [InlineData("unpaired surrogate \uD800 here")]
    public void Non_ascii_cjk_and_emoji_text_tokenises_to_known_ids(string text)
    {
        int[] ids = Tokenizer.Encode(text);
        Assert.Equal(2, ids[0]);
        Assert.Equal(3, ids[^1]);
        Assert.All(ids, id => Assert.InRange(id, 0, 538));
    }

    [Fact]
    public void Emoji_are_unknown_words_not_dropped()
        => Assert.Equal([2, 1, 1, 3], Tokenizer.Encode("😀 🚀"));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Truncation_keeps_the_first_pieces_and_counts_CLS_and_SEP(int maximumLength)
    {
        var settings = new TokenizerSettings(true, true, true, maximumLength, "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]");
        SentenceTokenizer limited = SentenceTokenizer.Create(File.OpenRead(OnnxFixtures.VocabularyPath), settings, "test");
        string text = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 20));
        int[] full = Tokenizer.Encode(text);
        int[] truncated = limited.Encode(text);
        Assert.Equal(maximumLength, truncated.Length);
        Assert.Equal(full[..(maximumLength - 1)], truncated[..^1]);
        Assert.Equal(3, truncated[^1]);
    }
}
