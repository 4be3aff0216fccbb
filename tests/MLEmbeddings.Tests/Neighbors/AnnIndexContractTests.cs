using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>The <see cref="VectorIndex"/> contract (add, remove, rebuild, standalone files, bad input) for every index and storage kind.</summary>
public sealed class AnnIndexContractTests
{
    private const int Dimension = 48;
    private static readonly ReadOnlyMatrixView Data = new(AnnTestData.Clustered(2000, Dimension, 20, 0.5f, seed: 11), 2000, Dimension);

    public static TheoryData<string> Indexes => AnnIndexCases.All;

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Add_after_build_finds_the_new_vectors(string name)
    {
        VectorIndex index = AnnIndexCases.Options(name).Build(Data, DistanceMetric.SquaredEuclidean, seed: 3);
        var added = new ReadOnlyMatrixView(AnnTestData.Clustered(300, Dimension, 5, 0.5f, seed: 12, centreSeed: 77), 300, Dimension);
        index.Add(added);
        Assert.Equal(2300, index.Count);
        var ids = new int[300];
        var scores = new float[300];
        index.Search(added, 1, ids, scores);
        int found = Enumerable.Range(0, 300).Count(i => ids[i] == 2000 + i);
        Assert.True(found >= 297, $"{name}: {found} of 300 added vectors are their own nearest neighbour");
        var stored = new float[Dimension];
        index.CopyVector(2000 + 7, stored);
        Assert.Equal(added.Row(7).ToArray(), stored, new FloatTolerance(name.Contains("int8", StringComparison.Ordinal) || name.Contains("binary", StringComparison.Ordinal) ? 1e-6f : 0f));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Removed_ids_never_appear_and_rebuild_reclaims_their_space(string name)
    {
        VectorIndex index = AnnIndexCases.Options(name).Build(Data, DistanceMetric.SquaredEuclidean, seed: 3);
        ReadOnlyMatrixView queries = Data.SliceRows(0, 200);
        var removed = new HashSet<int>(Enumerable.Range(0, 2000).Where(id => id % 5 == 0));
        foreach (int id in AnnTestData.SearchIds(index, queries, 1))
        {
            removed.Add(id);
        }

        foreach (int id in removed)
        {
            index.Remove(id);
        }

        index.Remove(0);
        Assert.Equal(removed.Count, index.RemovedCount);
        Assert.True(index.IsRemoved(5));
        Assert.False(index.IsRemoved(Enumerable.Range(0, 2000).First(id => !removed.Contains(id))));
        int[] found = AnnTestData.SearchIds(index, queries, 10);
        Assert.All(found, id => Assert.False(removed.Contains(id), $"{name} returned removed id {id}"));
        Assert.True(found.Count(id => id >= 0) >= 1990, $"{name}: the search still fills its lists");

        long before = index.MemoryBytes;
        VectorIndex rebuilt = index.Rebuild(out int[] originalIds, maxDegreeOfParallelism: 2);
        Assert.Equal(2000 - removed.Count, rebuilt.Count);
        Assert.Equal(Enumerable.Range(0, 2000).Where(id => !removed.Contains(id)), originalIds);
        Assert.True(rebuilt.MemoryBytes < before, $"{name}: {rebuilt.MemoryBytes} bytes after rebuild, {before} before");
        var original = new float[Dimension];
        var copy = new float[Dimension];
        index.CopyVector(originalIds[10], original);
        rebuilt.CopyVector(10, copy);
        Assert.Equal(original, copy, new FloatTolerance(1e-6f));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Standalone_file_round_trip_gives_identical_results(string name)
    {
        VectorIndex index = AnnIndexCases.Options(name).Build(Data, DistanceMetric.Cosine, seed: 4);
        index.Remove(17);
        string path = Path.Combine(Path.GetTempPath(), $"mlemb-{name}-{Guid.NewGuid():N}.index");
        try
        {
            index.Save(path);
            VectorIndex loaded = VectorIndex.Load(path);
            Assert.Equal(index.Count, loaded.Count);
            Assert.Equal(DistanceMetric.Cosine, loaded.Metric);
            Assert.True(loaded.IsRemoved(17));
            ReadOnlyMatrixView queries = Data.SliceRows(100, 64);
            var (ids, scores) = (new int[64 * 5], new float[64 * 5]);
            var (loadedIds, loadedScores) = (new int[64 * 5], new float[64 * 5]);
            index.Search(queries, 5, ids, scores);
            loaded.Search(queries, 5, loadedIds, loadedScores);
            Assert.Equal(ids, loadedIds);
            Assert.Equal(scores, loadedScores);
            Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".*.tmp"), _ => true);

            loaded.Add(Data.SliceRows(0, 10));
            Assert.Equal(index.Count + 10, loaded.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Bad_vectors_and_queries_are_rejected_with_the_row_and_the_expected_dimension(string name)
    {
        VectorIndex index = AnnIndexCases.Options(name).Build(Data.SliceRows(0, 500), DistanceMetric.SquaredEuclidean, seed: 3);
        var wide = new ReadOnlyMatrixView(new float[2 * 49], 2, 49);
        var dimension = Assert.Throws<ArgumentException>(() => index.Search(wide, 1, new int[2], new float[2]));
        Assert.Contains("'queries' has 49 columns; the index holds vectors of dimension 48", dimension.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => index.Add(wide));

        float[] values = new float[3 * Dimension];
        values[Dimension + 2] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => index.Add(new ReadOnlyMatrixView(values, 3, Dimension)));
        Assert.Contains("'vectors' row 1, column 2 is NaN; expected finite values", nan.Message, StringComparison.Ordinal);
        Assert.Equal(500, index.Count);
        var nanQuery = Assert.Throws<ArgumentException>(() => index.Search(new ReadOnlyMatrixView(values, 3, Dimension), 1, new int[3], new float[3]));
        Assert.Contains("'queries' row 1, column 2 is NaN", nanQuery.Message, StringComparison.Ordinal);
        var buildNan = Assert.Throws<ArgumentException>(() => AnnIndexCases.Options(name).Build(new ReadOnlyMatrixView(values, 3, Dimension), DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("row 1, column 2 is NaN", buildNan.Message, StringComparison.Ordinal);
        var id = Assert.Throws<ArgumentOutOfRangeException>(() => index.Remove(500));
        Assert.Contains("must be a stored id in [0, 500); got 500", id.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("hnsw")]
    [InlineData("hnsw-int8")]
    public void Searching_an_empty_index_is_rejected_and_adding_makes_it_searchable(string name)
    {
        VectorIndex index = AnnIndexCases.Options(name).Build(new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, Dimension), DistanceMetric.SquaredEuclidean, seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() => index.Search(Data.SliceRows(0, 1), 1, new int[1], new float[1]));
        Assert.Contains("The index is empty", error.Message, StringComparison.Ordinal);
        index.Add(Data.SliceRows(0, 50));
        int[] ids = AnnTestData.SearchIds(index, Data.SliceRows(3, 1), 1);
        Assert.Equal(3, ids[0]);
    }

    [Fact]
    public void An_ivf_index_cannot_be_trained_on_nothing_or_on_fewer_vectors_than_lists()
    {
        var empty = Assert.Throws<ArgumentException>(() => new IvfIndexOptions().Build(new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, Dimension), DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("needs at least one", empty.Message, StringComparison.Ordinal);
        var few = Assert.Throws<ArgumentException>(() => new IvfIndexOptions { NumberOfLists = 50 }.Build(Data.SliceRows(0, 10), DistanceMetric.SquaredEuclidean, seed: 1));
        Assert.Contains("NumberOfLists is 50 but only 10 vectors are indexed", few.Message, StringComparison.Ordinal);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1f, Math.Abs(x));

        public int GetHashCode(float obj) => 0;
    }
}
