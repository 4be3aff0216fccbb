namespace MLEmbeddings.Neighbors;

/// <summary>One validated search call as the index implementations receive it.</summary>
/// <param name="K">Neighbours per query, at least 1.</param>
/// <param name="EfSearch">The HNSW candidate-list size asked for in this call, or null for the index default.</param>
/// <param name="NumberOfProbes">The IVF lists to scan asked for in this call, or null for the index default.</param>
/// <param name="Allowance">Removed ids and the filter.</param>
/// <param name="ExcludedIds">Null, or one id per query that must not be returned for it (-1 for none).</param>
/// <param name="Threads">Resolved thread count (at least 1).</param>
internal sealed record SearchRequest(int K, int? EfSearch, int? NumberOfProbes, IdAllowance Allowance, int[]? ExcludedIds, int Threads)
{
    /// <summary>Whether query <paramref name="query"/> may get stored id <paramref name="id"/>.</summary>
    public bool IsAllowed(int query, int id)
        => (ExcludedIds is null || ExcludedIds[query] != id) && (Allowance.IsUnrestricted || Allowance.IsAllowed(id));

    /// <summary>True when no id is excluded, removed or filtered.</summary>
    public bool IsUnrestricted => ExcludedIds is null && Allowance.IsUnrestricted;
}
