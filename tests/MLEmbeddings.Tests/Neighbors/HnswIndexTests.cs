using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>HNSW-specific behaviour: concurrency, thread-count independence, option checks.</summary>
public sealed class HnswIndexTests(ITestOutputHelper output)
{
    private const int Dimension = 24;

    [Fact]
    public void Two_threads_inserting_while_a_third_searches_leave_a_valid_graph()
    {
        float[] values = AnnTestData.Clustered(5000, Dimension, 40, 0.3f, seed: 21);
        var all = new ReadOnlyMatrixView(values, 5000, Dimension);
        VectorIndex index = new HnswIndexOptions { M = 8, EfConstruction = 64, EfSearch = 64 }.Build(all.SliceRows(0, 2000), DistanceMetric.SquaredEuclidean, seed: 2);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        int searches = 0;
        using var done = new ManualResetEventSlim();
        void Insert(int from)
        {
            try
            {
                for (int start = from; start < from + 1500; start += 100)
                {
                    index.Add(all.SliceRows(start, 100));
                }
            }
            catch (Exception exception)
            {
                errors.Enqueue(exception);
            }
        }

        var searcher = new Thread(() =>
        {
            try
            {
                var ids = new int[50 * 10];
                var scores = new float[ids.Length];
                while (!done.IsSet)
                {
                    index.Search(all.SliceRows(4000, 50), 10, ids, scores, maxDegreeOfParallelism: 1);
                    Assert.All(ids, id => Assert.InRange(id, 0, 4999));
                    Interlocked.Increment(ref searches);
                }
            }
            catch (Exception exception)
            {
                errors.Enqueue(exception);
            }
        });
        searcher.Start();
        var first = new Thread(() => Insert(2000));
        var second = new Thread(() => Insert(3500));
        first.Start();
        second.Start();
        first.Join();
        second.Join();
        done.Set();
        searcher.Join();
        Assert.Empty(errors);
        Assert.Equal(5000, index.Count);
        output.WriteLine($"{searches} search batches ran during the inserts");

        // Valid graph: the file reader checks every list (counts, ids in range, levels), and every vector is found.
        string path = Path.Combine(Path.GetTempPath(), $"mlemb-concurrent-{Guid.NewGuid():N}.index");
        try
        {
            index.Save(path);
            VectorIndex loaded = VectorIndex.Load(path);
            var ids = new int[5000];
            var stored = new float[Dimension];
            loaded.Search(all, 1, ids, new float[5000]);
            int self = 0;
            for (int i = 0; i < 5000; i++)
            {
                loaded.CopyVector(ids[i], stored);
                self += stored.AsSpan().SequenceEqual(all.Row(i)) ? 1 : 0;
            }

            Assert.True(self >= 4990, $"{self} of 5000 vectors found themselves");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Building_with_one_and_two_threads_gives_the_same_graph_and_recall()
    {
        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(8000, Dimension, 50, 0.35f, seed: 31), 8000, Dimension);
        var queries = new ReadOnlyMatrixView(AnnTestData.Clustered(300, Dimension, 50, 0.35f, seed: 32), 300, Dimension);
        int[] exact = AnnTestData.ExactIds(data, queries, 10);
        var options = new HnswIndexOptions { M = 10, EfConstruction = 60, EfSearch = 20 };
        int[] one = AnnTestData.SearchIds(options.Build(data, DistanceMetric.SquaredEuclidean, seed: 9, maxDegreeOfParallelism: 1), queries, 10);
        int[] two = AnnTestData.SearchIds(options.Build(data, DistanceMetric.SquaredEuclidean, seed: 9, maxDegreeOfParallelism: 2), queries, 10);
        double recallOne = AnnTestData.Recall(one, exact, 10);
        double recallTwo = AnnTestData.Recall(two, exact, 10);
        output.WriteLine($"recall@10 at EfSearch 20: 1 thread {recallOne:F4}, 2 threads {recallTwo:F4}");
        Assert.True(Math.Abs(recallOne - recallTwo) <= 0.01);
        Assert.Equal(one, two);
        int[] otherSeed = AnnTestData.SearchIds(options.Build(data, DistanceMetric.SquaredEuclidean, seed: 10, maxDegreeOfParallelism: 2), queries, 10);
        Assert.NotEqual(one, otherSeed);
    }

    [Theory]
    [InlineData(DistanceMetric.InnerProduct)]
    [InlineData(DistanceMetric.Cosine)]
    public void Similarity_metrics_rank_like_the_exact_index(DistanceMetric metric)
    {
        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(3000, Dimension, 30, 0.4f, seed: 41), 3000, Dimension);
        var queries = new ReadOnlyMatrixView(AnnTestData.Clustered(100, Dimension, 30, 0.4f, seed: 42), 100, Dimension);
        int[] exact = AnnTestData.ExactIds(data, queries, 10, metric);
        VectorIndex index = new HnswIndexOptions { EfSearch = 128 }.Build(data, metric, seed: 1);
        var ids = new int[1000];
        var scores = new float[1000];
        index.Search(queries, 10, ids, scores);
        Assert.True(AnnTestData.Recall(ids, exact, 10) >= 0.98);
        for (int q = 0; q < 100; q++)
        {
            for (int j = 1; j < 10; j++)
            {
                Assert.True(scores[(q * 10) + j - 1] >= scores[(q * 10) + j], "similarities come best (largest) first");
            }
        }
    }

    [Fact]
    public void Bad_options_and_search_settings_are_rejected_with_the_expected_and_received_values()
    {
        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(200, Dimension, 4, 0.3f, seed: 51), 200, Dimension);
        var m = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndexOptions { M = 1 }.Build(data, DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("M must be in [2, 256] (neighbours per node and level); got 1", m.Message, StringComparison.Ordinal);
        var efConstruction = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndexOptions { EfConstruction = 0 }.Build(data, DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("EfConstruction must be at least 1; got 0", efConstruction.Message, StringComparison.Ordinal);

        VectorIndex index = new HnswIndexOptions().Build(data, DistanceMetric.SquaredEuclidean, seed: 1);
        var ef = Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.SliceRows(0, 2), 10, new int[20], new float[20], new VectorSearchOptions { EfSearch = 5 }));
        Assert.Contains("EfSearch is 5 but k is 10; EfSearch must be at least k", ef.Message, StringComparison.Ordinal);

        var mlContext = new MLContext(seed: 1);
        var trainer = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.MulticlassClassification.Trainers.KNearestNeighbors(
            new KNearestNeighborsOptions { NumberOfNeighbors = 20, Index = new HnswIndexOptions { EfSearch = 8 } }));
        Assert.Contains("EfSearch is 8 but NumberOfNeighbors (k) is 20", trainer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ivf_probe_settings_beyond_the_lists_are_rejected()
    {
        var options = Assert.Throws<ArgumentOutOfRangeException>(() => new IvfIndexOptions { NumberOfLists = 10, NumberOfProbes = 11 }.Build(
            new ReadOnlyMatrixView(new float[100 * 4], 100, 4), DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("NumberOfProbes is 11 but NumberOfLists is 10", options.Message, StringComparison.Ordinal);

        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(500, Dimension, 10, 0.3f, seed: 52), 500, Dimension);
        VectorIndex index = new IvfIndexOptions { NumberOfLists = 10 }.Build(data, DistanceMetric.SquaredEuclidean, seed: 1);
        var perCall = Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.SliceRows(0, 1), 1, new int[1], new float[1], new VectorSearchOptions { NumberOfProbes = 12 }));
        Assert.Contains("NumberOfProbes is 12 but the index has 10 lists; use a value in [1, 10]", perCall.Message, StringComparison.Ordinal);
        var sample = Assert.Throws<ArgumentOutOfRangeException>(() => new IvfIndexOptions { NumberOfLists = 10, TrainingSampleSize = 5 }.Build(data, DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("TrainingSampleSize must be at least 10; got 5", sample.Message, StringComparison.Ordinal);
    }
}
