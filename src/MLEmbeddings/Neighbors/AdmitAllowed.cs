namespace MLEmbeddings.Neighbors;

/// <summary>Admits the nodes a search request allows for one query (not removed, allowed by the filter, not the query's excluded id).</summary>
/// <param name="request">The search request.</param>
/// <param name="query">The query's row in the request.</param>
internal readonly struct AdmitAllowed(SearchRequest request, int query) : ISearchAdmission
{
    public bool Admit(int id) => request.IsAllowed(query, id);
}
