using System.Globalization;
using MLEmbeddings.Onnx;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Micro-batching, padding, length sorting and row order: none of them may change a row's embedding.</summary>
public class BatchingTests
{
    /// <summary>60 texts of very different lengths: the reference sentences, repeated ones and short ones.</summary>
    private static readonly string[] Corpus = OnnxFixtures.Sentences
        .Concat(OnnxFixtures.Sentences.Select((s, i) => string.Join(' ', Enumerable.Repeat(s, 1 + (i % 5)))))
        .Concat(OnnxFixtures.Sentences.Select(s => s.Split(' ')[0]))
        .ToArray();

    [Theory]
    [InlineData(1, 0, int.MaxValue)]
    [InlineData(7, 0, int.MaxValue)]
    [InlineData(32, 0, int.MaxValue)]
    [InlineData(7, 21, int.MaxValue)]
    [InlineData(32, 256, int.MaxValue)]
    [InlineData(32, 256, null)]
    [InlineData(32, 256, 256)]
    [InlineData(32, 0, 100)]
    [InlineData(7, 21, 30)]
    public void Batch_sizes_sorting_windows_and_token_limits_give_the_same_embeddings(int batchSize, int sortingWindowSize, int? maximumBatchTokens)
    {
        float[][] alone = EmbedEachAlone();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.BatchSize = batchSize;
        options.SortingWindowSize = sortingWindowSize;
        options.MaximumBatchTokens = maximumBatchTokens;
        float[][] batched = OnnxFixtures.Embed(new MLContext(1), options, Corpus);
        for (int i = 0; i < Corpus.Length; i++)
        {
            AssertWithin(alone[i], batched[i], 1e-5, $"batch {batchSize}, window {sortingWindowSize}, token limit {maximumBatchTokens?.ToString(CultureInfo.InvariantCulture) ?? "automatic"}, row {i}");
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(-1, 1)]
    [InlineData(2, 2)]
    [InlineData(1, 0)]
    public void Concurrent_micro_batches_and_intra_op_threads_give_the_same_embeddings(int maxDegreeOfParallelism, int intraOpThreadCount)
    {
        float[][] alone = EmbedEachAlone();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.BatchSize = 3;
        options.SortingWindowSize = 21;
        options.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        options.IntraOpThreadCount = intraOpThreadCount;
        float[][] batched = OnnxFixtures.Embed(new MLContext(1), options, Corpus);
        for (int i = 0; i < Corpus.Length; i++)
        {
            AssertWithin(alone[i], batched[i], 1e-5, $"{maxDegreeOfParallelism} concurrent micro-batches of {intraOpThreadCount} intra-op threads, row {i}");
        }
    }

    [Fact]
    public void Padding_next_to_a_long_text_never_changes_a_row()
    {
        string longText = string.Join(' ', Enumerable.Repeat("machine learning models turn text into vectors", 40));
        float[][] alone = EmbedEachAlone();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.SortingWindowSize = 0;
        options.MaximumBatchTokens = int.MaxValue;
        foreach (string text in OnnxFixtures.Sentences)
        {
            float[][] padded = OnnxFixtures.Embed(new MLContext(1), options, [longText, text]);
            AssertWithin(alone[Array.IndexOf(Corpus, text)], padded[1], 1e-5, $"'{text}' padded to {longText.Split(' ').Length + 2} tokens");
        }
    }

    [Fact]
    public void Row_order_is_preserved_when_rows_are_sorted_by_length()
    {
        int[] permutation = Enumerable.Range(0, 20).Select(i => (i * 7) % 20).ToArray();
        string[] shuffled = permutation.Select(i => OnnxFixtures.Sentences[i]).ToArray();
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.BatchSize = 3;
        options.SortingWindowSize = 9;
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, shuffled);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(options).Fit(data);
        IDataView output = transformer.Transform(data);
        float[][] embeddings = ColumnValues.Vectors(output, "Embedding");
        Assert.Equal(Enumerable.Range(0, 20), ColumnValues.Scalars<int>(output, "RowIndex"));
        double[][] expected = OnnxFixtures.Reference();
        for (int i = 0; i < shuffled.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[permutation[i]], embeddings[i], 1e-4, 0.99999, $"row {i} (sentence {permutation[i]})");
        }
    }

    [Fact]
    public void Truncation_at_the_limit_embeds_only_the_first_pieces()
    {
        // "the quick brown fox ..." has one piece per word: with 8 tokens, [CLS] + 6 words + [SEP] are kept.
        string longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 10));
        SentenceEmbeddingOptions limited = OnnxFixtures.Options();
        limited.MaximumSequenceLength = 8;
        float[][] truncated = OnnxFixtures.Embed(new MLContext(1), limited, [longText]);
        float[][] firstWords = OnnxFixtures.Embed(new MLContext(1), OnnxFixtures.Options(), ["the quick brown fox jumps over"]);
        float[][] full = OnnxFixtures.Embed(new MLContext(1), OnnxFixtures.Options(), [longText]);
        AssertWithin(firstWords[0], truncated[0], 1e-5, "truncated text");
        Assert.True(full[0].Zip(truncated[0]).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the full text must differ from its truncation");
    }

    [Fact]
    public void Concurrent_cursors_on_one_transformer_give_identical_results()
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, Corpus);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(OnnxFixtures.Options()).Fit(data);
        float[][] expected = ColumnValues.Vectors(transformer.Transform(data), "Embedding");
        float[][][] results = new float[4][][];
        Parallel.For(0, 4, t => results[t] = ColumnValues.Vectors(transformer.Transform(data), "Embedding"));
        Assert.All(results, result => Assert.Equal(expected, result));
    }

    private static float[][] EmbedEachAlone()
    {
        SentenceEmbeddingOptions options = OnnxFixtures.Options();
        options.BatchSize = 1;
        options.SortingWindowSize = 0;
        options.MaxDegreeOfParallelism = 1;
        return OnnxFixtures.Embed(new MLContext(1), options, Corpus);
    }

    private static void AssertWithin(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:E3} exceeds {tolerance:E1}.");
    }
}
