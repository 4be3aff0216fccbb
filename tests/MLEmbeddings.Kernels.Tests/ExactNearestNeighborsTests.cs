using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class ExactNearestNeighborsTests
{
    public static TheoryData<VectorWidth, DistanceMetric> WidthsAndMetrics => ScalarReference.AllWidthsAndMetrics;

    public static TheoryData<DistanceMetric> Metrics => new() { DistanceMetric.SquaredEuclidean, DistanceMetric.InnerProduct, DistanceMetric.Cosine };

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void Matches_the_brute_force_reference_for_k_1_10_all_and_more_than_all(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(11, 300, 19);
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(12, 40, 19, 1.5f);
        var index = new ExactNearestNeighbors(database, metric);
        Assert.Equal(300, index.Count);
        Assert.Equal(19, index.Dimension);
        Assert.Equal(metric, index.Metric);
        foreach (int k in new[] { 1, 10, 300, 307 })
        {
            (int[] ids, float[] scores) = Search(index, queries, k);
            AssertMatchesReference(metric, database, queries, k, ids, scores);
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void An_empty_database_returns_only_empty_slots(DistanceMetric metric)
    {
        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, 8), metric);
        (int[] ids, float[] scores) = Search(index, ScalarReference.RandomMatrix(1, 3, 8), 4);
        Assert.All(ids, id => Assert.Equal(-1, id));
        float worst = metric == DistanceMetric.SquaredEuclidean ? float.PositiveInfinity : float.NegativeInfinity;
        Assert.All(scores, score => Assert.Equal(worst, score));
    }

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void Duplicates_tie_by_the_smaller_id_and_report_an_exact_zero_distance(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        // 70 random rows (scale 5, so none is close to the query) with copies of one vector at ids 3, 17, 18, 40 and 69.
        float[] values = ScalarReference.RandomValues(21, 70 * 24, 5f);
        float[] duplicate = ScalarReference.RandomValues(22, 24, 0.5f);
        int[] copies = { 3, 17, 18, 40, 69 };
        foreach (int id in copies)
        {
            duplicate.CopyTo(values, id * 24);
        }

        var database = new ReadOnlyMatrixView(values, 70, 24);
        var index = new ExactNearestNeighbors(database, metric);
        (int[] ids, float[] scores) = Search(index, new ReadOnlyMatrixView(duplicate, 1, 24), 7);
        if (metric == DistanceMetric.InnerProduct)
        {
            // The duplicates are not the largest inner products here, but equal ones must still come out in id order.
            AssertMatchesReference(metric, database, new ReadOnlyMatrixView(duplicate, 1, 24), 7, ids, scores);
            return;
        }

        Assert.Equal(copies, ids.Take(5).ToArray());
        for (int j = 0; j < 5; j++)
        {
            Assert.Equal(scores[0], scores[j]);
        }

        Assert.Equal(metric == DistanceMetric.SquaredEuclidean ? 0f : 1f, scores[0], metric == DistanceMetric.SquaredEuclidean ? 0f : 1e-6f);
        AssertMatchesReference(metric, database, new ReadOnlyMatrixView(duplicate, 1, 24), 7, ids, scores);
    }

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void Equal_inner_products_come_out_in_id_order(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        // Every row has the same score against the query: the first k ids must come back, in order.
        float[] values = new float[50 * 5];
        for (int i = 0; i < 50; i++)
        {
            values[i * 5] = 1f;
        }

        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(values, 50, 5), metric);
        (int[] ids, _) = Search(index, new ReadOnlyMatrixView(new float[] { 2, 0, 0, 0, 0 }, 1, 5), 12);
        Assert.Equal(Enumerable.Range(0, 12).ToArray(), ids);
    }

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void Excluded_ids_are_skipped_for_their_own_query_only(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(31, 200, 12);
        // Leave-one-out: query i is database row i and excludes id i; every third query excludes nothing (-1).
        ReadOnlyMatrixView queries = database.SliceRows(0, 45);
        int[] excluded = Enumerable.Range(0, 45).Select(i => i % 3 == 2 ? -1 : i).ToArray();
        var index = new ExactNearestNeighbors(database, metric);
        (int[] ids, float[] scores) = Search(index, queries, 5, excluded);
        AssertMatchesReference(metric, database, queries, 5, ids, scores, excluded);
        for (int q = 0; q < 45; q++)
        {
            if (excluded[q] >= 0)
            {
                Assert.DoesNotContain(q, ids.Skip(q * 5).Take(5));
            }
            else if (metric != DistanceMetric.InnerProduct)
            {
                Assert.Equal(q, ids[q * 5]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void The_allowed_id_filter_keeps_k_allowed_results(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(41, 260, 10);
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(42, 25, 10);
        var random = new Random(43);
        var allowedIds = new ulong[5];
        var allowed = new bool[260];
        for (int id = 0; id < 260; id++)
        {
            if (random.NextDouble() < 0.3)
            {
                allowed[id] = true;
                allowedIds[id / 64] |= 1UL << (id % 64);
            }
        }

        int[] excluded = Enumerable.Range(0, 25).Select(i => i * 10).ToArray();
        var index = new ExactNearestNeighbors(database, metric);
        int k = 10;
        var ids = new int[25 * k];
        var scores = new float[25 * k];
        index.SearchFiltered(queries, k, allowedIds, ids, scores, excluded);
        AssertMatchesReference(metric, database, queries, k, ids, scores, excluded, id => allowed[id]);
        Assert.All(ids, id => Assert.True(allowed[id]));

        // Almost everything filtered out: the tail fills with empty slots.
        var single = new ulong[5];
        single[2] = 1UL << 5;
        index.SearchFiltered(queries, k, single, ids, scores);
        for (int q = 0; q < 25; q++)
        {
            Assert.Equal(133, ids[q * k]);
            Assert.All(ids.Skip((q * k) + 1).Take(k - 1), id => Assert.Equal(-1, id));
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Thread_count_does_not_change_a_bit(DistanceMetric metric)
    {
        // Few queries: split over database slices and merged. Many queries: split over query blocks only.
        // The slicing depends on the thread count, which is why 1, 2 and 3 threads are compared.
        Assert.True(ExactSearchPlan.Create(3, 40, 9, 2048, 2).SliceCount > 1);
        Assert.Equal(1, ExactSearchPlan.Create(3, 40, 9, 2048, 1).SliceCount);
        Assert.True(ExactSearchPlan.Create(2000, 4, 6, 512, 2).BlockCount >= 8);
        foreach ((int queryRows, int databaseRows, int columns, int k) in new[] { (3, 2011, 40, 9), (2000, 500, 4, 6), (250, 700, 300, 3) })
        {
            ReadOnlyMatrixView database = ScalarReference.RandomMatrix(databaseRows, databaseRows, columns);
            ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(queryRows, queryRows, columns);
            var index = new ExactNearestNeighbors(database, metric);
            (int[] ids1, float[] scores1) = Search(index, queries, k, maxDegreeOfParallelism: 1);
            foreach (int threads in new[] { 2, 3 })
            {
                (int[] ids, float[] scores) = Search(index, queries, k, maxDegreeOfParallelism: threads);
                Assert.Equal(ids1, ids);
                Assert.Equal(scores1, scores);
            }

            AssertMatchesReference(metric, database, queries.SliceRows(0, 3), k, ids1.AsSpan(0, 3 * k).ToArray(), scores1.AsSpan(0, 3 * k).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Add_appends_with_continuing_ids(DistanceMetric metric)
    {
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(51, 300, 17);
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(52, 20, 17);
        var whole = new ExactNearestNeighbors(database, metric);
        var grown = new ExactNearestNeighbors(database.SliceRows(0, 100), metric);
        grown.Add(database.SliceRows(100, 50));
        grown.Add(database.SliceRows(150, 0));
        grown.Add(database.SliceRows(150, 150));
        Assert.Equal(300, grown.Count);
        (int[] wholeIds, float[] wholeScores) = Search(whole, queries, 8);
        (int[] grownIds, float[] grownScores) = Search(grown, queries, 8);
        Assert.Equal(wholeIds, grownIds);
        Assert.Equal(wholeScores, grownScores);
        AssertMatchesReference(metric, database, queries, 8, grownIds, grownScores);

        var error = Assert.Throws<ArgumentException>(() => grown.Add(ScalarReference.RandomMatrix(1, 2, 16)));
        Assert.Equal("rows", error.ParamName);
        Assert.Contains("16 columns; expected 17", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Strided_queries_and_the_one_shot_search_agree_with_the_index(DistanceMetric metric)
    {
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(61, 90, 7);
        float[] values = ScalarReference.RandomValues(62, 11 * 10);
        var strided = new ReadOnlyMatrixView(values, 11, 7, rowStride: 10);
        var contiguous = new ReadOnlyMatrixView(strided.ToArray(), 11, 7);
        var index = new ExactNearestNeighbors(database, metric);
        (int[] ids, float[] scores) = Search(index, strided, 4);
        (int[] expectedIds, float[] expectedScores) = Search(index, contiguous, 4);
        Assert.Equal(expectedIds, ids);
        Assert.Equal(expectedScores, scores);
        var onceIds = new int[44];
        var onceScores = new float[44];
        ExactNearestNeighbors.SearchOnce(database, metric, strided, 4, onceIds, onceScores);
        Assert.Equal(expectedIds, onceIds);
        Assert.Equal(expectedScores, onceScores);
        AssertMatchesReference(metric, database, contiguous, 4, ids, scores);
    }

    [Theory]
    [MemberData(nameof(ScalarReference.AllWidths), MemberType = typeof(ScalarReference))]
    public void Cosine_with_zero_vectors_scores_zero(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        float[] values = ScalarReference.RandomValues(71, 20 * 6);
        Array.Clear(values, 4 * 6, 6);
        var database = new ReadOnlyMatrixView(values, 20, 6);
        var index = new ExactNearestNeighbors(database, DistanceMetric.Cosine);
        (int[] ids, float[] scores) = Search(index, new ReadOnlyMatrixView(new float[6], 1, 6), 3);
        Assert.Equal(new[] { 0, 1, 2 }, ids);
        Assert.All(scores, score => Assert.Equal(0f, score));
        (ids, scores) = Search(index, database.SliceRows(0, 1), 20);
        int position = Array.IndexOf(ids, 4);
        Assert.Equal(0f, scores[position]);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_parameter_and_the_expected_and_received_values()
    {
        var index = new ExactNearestNeighbors(ScalarReference.RandomMatrix(1, 100, 4), DistanceMetric.SquaredEuclidean);
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(2, 2, 4);
        var kError = Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(queries, 0, [], []));
        Assert.Equal("k", kError.ParamName);
        Assert.Contains("at least 1; got 0", kError.Message, StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => index.Search(ScalarReference.RandomMatrix(2, 2, 5), 3, new int[6], new float[6]));
        Assert.Equal("queries", error.ParamName);
        Assert.Contains("5 columns; expected 4", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => index.Search(queries, 3, new int[5], new float[6]));
        Assert.Equal("ids", error.ParamName);
        Assert.Contains("length 5; expected 6 (queries.Rows * k)", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => index.Search(queries, 3, new int[6], new float[7]));
        Assert.Equal("scores", error.ParamName);
        Assert.Contains("length 7; expected 6", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => index.Search(queries, 3, new int[6], new float[6], new int[3]));
        Assert.Equal("excludedIds", error.ParamName);
        Assert.Contains("length 3; expected 2", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => index.SearchFiltered(queries, 3, new ulong[1], new int[6], new float[6]));
        Assert.Equal("allowedIds", error.ParamName);
        Assert.Contains("1 words; expected at least 2", error.Message, StringComparison.Ordinal);

        var threadError = Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(queries, 3, new int[6], new float[6], maxDegreeOfParallelism: -2));
        Assert.Equal("maxDegreeOfParallelism", threadError.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExactNearestNeighbors(queries, (DistanceMetric)9));
    }

    private static (int[] Ids, float[] Scores) Search(ExactNearestNeighbors index, ReadOnlyMatrixView queries, int k, int[]? excluded = null, int maxDegreeOfParallelism = -1)
    {
        var ids = new int[queries.Rows * k];
        var scores = new float[queries.Rows * k];
        ids.AsSpan().Fill(-7);
        scores.AsSpan().Fill(float.NaN);
        index.Search(queries, k, ids, scores, excluded, maxDegreeOfParallelism);
        return (ids, scores);
    }

    /// <summary>
    /// Checks one search against the double-precision brute force. Float rounding of the search keys can swap two
    /// candidates whose true scores are closer than the rounding error, so the comparison is:
    /// every reported score equals the reference's score at the same rank (within tolerance); every reported score is
    /// the true score of the reported id; ids are distinct and respect exclusions and the filter; and wherever the
    /// reference score at a rank is separated from its neighbours by more than the tolerance, the id is exactly the
    /// reference's id.
    /// </summary>
    private static void AssertMatchesReference(
        DistanceMetric metric,
        ReadOnlyMatrixView database,
        ReadOnlyMatrixView queries,
        int k,
        int[] ids,
        float[] scores,
        int[]? excluded = null,
        Func<int, bool>? allowed = null)
    {
        for (int q = 0; q < queries.Rows; q++)
        {
            ReadOnlySpan<float> query = queries.Row(q);
            int excludedId = excluded?[q] ?? -1;
            (int[] referenceIds, double[] referenceScores) = ScalarReference.TopK(metric, database, query, k + 1, excludedId, allowed);
            var seen = new HashSet<int>();
            for (int j = 0; j < k; j++)
            {
                int id = ids[(q * k) + j];
                float score = scores[(q * k) + j];
                if (referenceIds[j] < 0)
                {
                    Assert.Equal(-1, id);
                    Assert.Equal(metric == DistanceMetric.SquaredEuclidean ? float.PositiveInfinity : float.NegativeInfinity, score);
                    continue;
                }

                Assert.InRange(id, 0, database.Rows - 1);
                Assert.True(seen.Add(id), $"query {q}: id {id} returned twice");
                Assert.NotEqual(excludedId, id);
                Assert.True(allowed?.Invoke(id) ?? true, $"query {q}: id {id} is filtered out");
                double tolerance = Math.Max(
                    ScalarReference.ScoreTolerance(metric, query, database.Row(id)),
                    ScalarReference.ScoreTolerance(metric, query, database.Row(referenceIds[j])));
                double trueScore = ScalarReference.Score(metric, query, database.Row(id));
                if (metric == DistanceMetric.SquaredEuclidean)
                {
                    // Reported distances are recomputed from the vectors, so they are accurate to float rounding.
                    Assert.Equal(trueScore, score, (1e-6 * trueScore) + 1e-30);
                }
                else
                {
                    Assert.Equal(trueScore, score, tolerance);
                }

                Assert.Equal(referenceScores[j], score, tolerance);
                bool separated = (j == 0 || Math.Abs(referenceScores[j] - referenceScores[j - 1]) > 2 * tolerance)
                    && (referenceIds[j + 1] < 0 || Math.Abs(referenceScores[j + 1] - referenceScores[j]) > 2 * tolerance);
                if (separated)
                {
                    Assert.Equal(referenceIds[j], id);
                }

                if (j > 0 && ids[(q * k) + j - 1] >= 0)
                {
                    float previous = scores[(q * k) + j - 1];
                    Assert.True(ScalarReference.LargerIsCloser(metric) ? previous >= score : previous <= score, $"query {q}: scores out of order at rank {j}");
                }
            }
        }
    }
}
