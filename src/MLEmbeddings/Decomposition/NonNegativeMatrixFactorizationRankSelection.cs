namespace MLEmbeddings.Decomposition;

/// <summary>The outcome of NMF rank selection: a score per candidate rank and the suggested rank.</summary>
public sealed class NonNegativeMatrixFactorizationRankSelection
{
    internal NonNegativeMatrixFactorizationRankSelection(IReadOnlyList<NonNegativeMatrixFactorizationRankScore> scores, int suggestedRank)
    {
        Scores = scores;
        SuggestedRank = suggestedRank;
    }

    /// <summary>One score per candidate rank, in ascending order of rank.</summary>
    public IReadOnlyList<NonNegativeMatrixFactorizationRankScore> Scores { get; }

    /// <summary>
    /// The largest candidate whose silhouette reaches the threshold (more components than the data holds make the fits
    /// disagree), or the smallest candidate when none does.
    /// </summary>
    public int SuggestedRank { get; }
}
