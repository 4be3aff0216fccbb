namespace MLEmbeddings.Neighbors;

/// <summary>
/// The k nearest indexed rows of each of a set of queries, as returned by
/// <see cref="KNearestNeighborsModel.FindNeighbors"/> (scikit-learn's <c>kneighbors</c>).
/// </summary>
public sealed class NeighborSearchResult
{
    private readonly int[] _ids;
    private readonly float[] _distances;

    internal NeighborSearchResult(int queryCount, int numberOfNeighbors, int[] ids, float[] distances)
    {
        QueryCount = queryCount;
        NumberOfNeighbors = numberOfNeighbors;
        _ids = ids;
        _distances = distances;
    }

    /// <summary>Number of queries.</summary>
    public int QueryCount { get; }

    /// <summary>Neighbours per query, k.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>The 0-based training-row numbers of query <paramref name="query"/>'s neighbours, nearest first.</summary>
    public ReadOnlySpan<int> Ids(int query) => _ids.AsSpan(CheckQuery(query) * NumberOfNeighbors, NumberOfNeighbors);

    /// <summary>
    /// The distances of query <paramref name="query"/>'s neighbours, ascending: Euclidean distance, cosine distance
    /// <c>1 - cos</c>, or minus the inner product for <see cref="NeighborMetric.InnerProduct"/> (so smaller is always closer).
    /// </summary>
    public ReadOnlySpan<float> Distances(int query) => _distances.AsSpan(CheckQuery(query) * NumberOfNeighbors, NumberOfNeighbors);

    private int CheckQuery(int query)
    {
        if ((uint)query >= (uint)QueryCount)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query, $"query must be in [0, {QueryCount}); got {query}.");
        }

        return query;
    }
}
