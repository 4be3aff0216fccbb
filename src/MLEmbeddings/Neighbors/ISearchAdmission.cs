namespace MLEmbeddings.Neighbors;

/// <summary>Which visited nodes may enter a search's results (generic struct parameter, so the unfiltered case costs nothing).</summary>
internal interface ISearchAdmission
{
    /// <summary>Whether node <paramref name="id"/> may be a result.</summary>
    bool Admit(int id);
}
