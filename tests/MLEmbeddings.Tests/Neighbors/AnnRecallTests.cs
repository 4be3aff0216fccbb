using MLEmbeddings.Neighbors;
using Xunit.Abstractions;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>
/// Recall of the approximate indexes against the exact flat index on 100,000 x 64 seeded clustered data (built once,
/// <see cref="AnnRecallFixture"/>). Each test writes the recall it measured to the test output.
/// </summary>
public sealed class AnnRecallTests(AnnRecallFixture fixture, ITestOutputHelper output) : IClassFixture<AnnRecallFixture>
{
    private const int K = AnnRecallFixture.K;

    [Fact]
    public void Hnsw_with_M_16_and_EfSearch_64_reaches_recall_at_10_of_0_95()
    {
        double recall = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Hnsw, fixture.Queries, K), fixture.ExactIds, K);
        output.WriteLine($"HNSW M = 16, EfConstruction = 100, EfSearch = 64: recall@10 = {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 {recall:F4}");
    }

    [Fact]
    public void Hnsw_EfSearch_per_call_trades_speed_for_recall()
    {
        double low = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Hnsw, fixture.Queries, K, new VectorSearchOptions { EfSearch = 10 }), fixture.ExactIds, K);
        double high = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Hnsw, fixture.Queries, K, new VectorSearchOptions { EfSearch = 256 }), fixture.ExactIds, K);
        output.WriteLine($"HNSW recall@10: EfSearch 10 -> {low:F4}, EfSearch 256 -> {high:F4}");
        Assert.True(high > low, $"EfSearch 256 gave {high:F4}, EfSearch 10 gave {low:F4}");
        Assert.True(high >= 0.99, $"recall@10 at EfSearch 256 {high:F4}");
    }

    [Fact]
    public void Ivf_probing_5_percent_of_the_lists_reaches_recall_at_10_of_0_9()
    {
        double recall = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Ivf, fixture.Queries, K), fixture.ExactIds, K);
        double one = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Ivf, fixture.Queries, K, new VectorSearchOptions { NumberOfProbes = 1 }), fixture.ExactIds, K);
        output.WriteLine($"IVF 316 lists: 16 probes (5 %) recall@10 = {recall:F4}; 1 probe = {one:F4}");
        Assert.True(recall >= 0.9, $"recall@10 {recall:F4}");
        Assert.True(one < recall, $"1 probe {one:F4} vs 16 probes {recall:F4}");
    }

    [Fact]
    public void Int8_storage_re_ranked_keeps_99_percent_of_the_float_recall()
    {
        double floatRecall = AnnTestData.Recall(AnnTestData.SearchIds(fixture.Ivf, fixture.Queries, K), fixture.ExactIds, K);
        double int8Recall = AnnTestData.Recall(AnnTestData.SearchIds(fixture.IvfInt8, fixture.Queries, K), fixture.ExactIds, K);
        output.WriteLine($"IVF 16 of 316 lists: float recall@10 = {floatRecall:F4}, int8 re-ranked = {int8Recall:F4} ({int8Recall / floatRecall:F4} of float)");
        Assert.True(int8Recall >= 0.99 * floatRecall, $"int8 {int8Recall:F4} vs float {floatRecall:F4}");
        Assert.True(fixture.IvfInt8.MemoryBytes > fixture.Ivf.MemoryBytes, "the re-ranking copy is kept besides the codes");
    }

    [Fact]
    public void Filtered_search_keeping_10_percent_returns_only_allowed_ids_with_recall_0_9()
    {
        SearchFilter filter = SearchFilter.AllowIds(Enumerable.Range(0, fixture.Data.Rows).Where(id => id % 10 == 3));
        int[] exact = AnnTestData.ExactIds(fixture.Data, fixture.Queries, K, filter: filter);
        foreach ((string name, VectorIndex index) in new[] { ("HNSW", fixture.Hnsw), ("IVF", fixture.Ivf) })
        {
            int[] found = AnnTestData.SearchIds(index, fixture.Queries, K, new VectorSearchOptions { Filter = filter });
            Assert.All(found, id => Assert.Equal(3, id % 10));
            double recall = AnnTestData.Recall(found, exact, K);
            output.WriteLine($"{name} with a filter keeping 10 %: recall@10 against exact filtered search = {recall:F4}");
            Assert.True(recall >= 0.9, $"{name} filtered recall@10 {recall:F4}");
            int[] byPredicate = AnnTestData.SearchIds(index, fixture.Queries, K, new VectorSearchOptions { Filter = SearchFilter.FromPredicate(id => id % 10 == 3) });
            Assert.Equal(found, byPredicate);
        }
    }

    [Fact]
    public void A_very_selective_filter_is_answered_exactly()
    {
        SearchFilter filter = SearchFilter.AllowIds(Enumerable.Range(0, 300).Select(i => i * 331));
        int[] exact = AnnTestData.ExactIds(fixture.Data, fixture.Queries, K, filter: filter);
        Assert.Equal(exact, AnnTestData.SearchIds(fixture.Hnsw, fixture.Queries, K, new VectorSearchOptions { Filter = filter }));
    }
}
