using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>
/// Searches with k at and above <see cref="CandidateBuffer.MinimumBufferedK"/>, where candidates go to compacted
/// buffers instead of sorted lists: the result must still be the exact top-k with ties to the smaller id.
/// </summary>
public class ExactNearestNeighborsLargeKTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    [Theory]
    [MemberData(nameof(Widths))]
    public void Integer_data_with_many_exact_ties_gives_the_brute_force_lists_exactly(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);

        // Values in {0, 1, 2}: squared distances are small integers computed exactly in float, so ties are real and
        // must go to the smaller id. 1,100 rows make every k below fill and compact the buffers several times.
        var random = new Random(5);
        int rows = 1100;
        int dimension = 9;
        float[] values = Enumerable.Range(0, rows * dimension).Select(_ => (float)random.Next(3)).ToArray();
        var database = new ReadOnlyMatrixView(values, rows, dimension);
        ReadOnlyMatrixView queries = database.SliceRows(0, 20);
        var index = new ExactNearestNeighbors(database, DistanceMetric.SquaredEuclidean);
        foreach (int k in new[] { CandidateBuffer.MinimumBufferedK - 1, CandidateBuffer.MinimumBufferedK, 300, 1099, 1100, 1200 })
        {
            int[] excluded = Enumerable.Range(0, queries.Rows).ToArray();
            var ids = new int[queries.Rows * k];
            var scores = new float[queries.Rows * k];
            index.Search(queries, k, ids, scores, excluded);
            var idsOnly = new int[queries.Rows * k];
            index.Search(queries, k, idsOnly, default, excluded);
            Assert.Equal(ids, idsOnly);
            for (int q = 0; q < queries.Rows; q++)
            {
                (int[] expectedIds, double[] expectedScores) = ScalarReference.TopK(DistanceMetric.SquaredEuclidean, database, queries.Row(q), k, q);
                Assert.Equal(expectedIds, ids.AsSpan(q * k, k).ToArray());
                for (int j = 0; j < k; j++)
                {
                    Assert.Equal(expectedScores[j], scores[(q * k) + j]);
                }
            }
        }
    }

    [Theory]
    [InlineData(DistanceMetric.SquaredEuclidean)]
    [InlineData(DistanceMetric.InnerProduct)]
    [InlineData(DistanceMetric.Cosine)]
    public void Large_k_results_are_identical_for_any_thread_count_and_query_split(DistanceMetric metric)
    {
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(3, 2000, 24);
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(4, 13, 24);
        var index = new ExactNearestNeighbors(database, metric);
        const int K = 700;
        var single = new int[queries.Rows * K];
        var singleScores = new float[queries.Rows * K];
        index.Search(queries, K, single, singleScores, maxDegreeOfParallelism: 1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var ids = new int[queries.Rows * K];
            var scores = new float[queries.Rows * K];
            index.Search(queries, K, ids, scores, maxDegreeOfParallelism: threads);
            Assert.Equal(single, ids);
            Assert.Equal(singleScores, scores);
        }

        for (int q = 0; q < queries.Rows; q++)
        {
            var one = new int[K];
            index.Search(queries.SliceRows(q, 1), K, one, new float[K]);
            Assert.Equal(single.AsSpan(q * K, K).ToArray(), one);
        }
    }

    [Theory]
    [InlineData(1, 300, 150)]
    [InlineData(2, 2400, 1200)]
    [InlineData(3, 1000, 128)]
    public void Compaction_and_finishing_match_a_sort_by_key_then_id_with_negative_keys_zeros_and_ties(int seed, int count, int k)
    {
        // Keys drawn from a small set so ties are common, with negative values and both signed zeros (equal as floats).
        var random = new Random(seed);
        float[] pool = [-3.5f, -1f, -0f, 0f, 0.25f, 1f, 2f, 1e-30f, -1e-30f, 7f, float.MaxValue, -float.MaxValue];
        float[] keys = Enumerable.Range(0, count).Select(_ => random.Next(4) == 0 ? pool[random.Next(pool.Length)] : (float)(random.NextDouble() * 20 - 10)).ToArray();
        int[] ids = Enumerable.Range(0, count).Select(i => (3 * i) + 1).ToArray();
        (float Key, int Id)[] expected = keys.Zip(ids).OrderBy(entry => entry.First).ThenBy(entry => entry.Second).Take(k).ToArray();

        float[] bufferKeys = keys.ToArray();
        int[] bufferIds = ids.ToArray();
        float threshold = CandidateBuffer.Compact(bufferKeys, bufferIds, count, k, new float[count]);
        Assert.Equal(expected[^1].Key, threshold);
        Assert.Equal(expected.Select(entry => entry.Id).Order(), bufferIds[..k]);

        CandidateBuffer.Finish(bufferKeys, bufferIds, k, k, new float[CandidateBuffer.Capacity(k)]);
        Assert.Equal(expected.Select(entry => entry.Id), bufferIds[..k]);
        Assert.Equal(expected.Select(entry => entry.Key), bufferKeys[..k]);
    }

    [Fact]
    public void Compaction_keeps_the_best_k_by_key_then_id_in_their_original_order()
    {
        float[] keys = [5, 1, 3, 3, 0, 3, 9, 2];
        int[] ids = [10, 11, 12, 13, 14, 15, 16, 17];
        float threshold = CandidateBuffer.Compact(keys, ids, keys.Length, 5, new float[keys.Length]);
        Assert.Equal(3f, threshold);
        Assert.Equal(new[] { 11, 12, 13, 14, 17 }, ids[..5]);
        Assert.Equal(new float[] { 1, 3, 3, 0, 2 }, keys[..5]);

        CandidateBuffer.Finish(keys, ids, 5, 6, new float[CandidateBuffer.Capacity(6)]);
        Assert.Equal(new[] { 14, 11, 17, 12, 13, -1 }, ids[..6]);
        Assert.Equal(new float[] { 0, 1, 2, 3, 3, float.PositiveInfinity }, keys[..6]);
    }
}
