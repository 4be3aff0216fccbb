namespace SemanticSearch;

/// <summary>A query row after the search step: its k nearest corpus rows, best first.</summary>
internal sealed class QueryMatches
{
    public string Text { get; set; } = string.Empty;

    /// <summary>0-based row numbers of the closest corpus sentences.</summary>
    public long[] NeighborIds { get; set; } = [];

    /// <summary>Their cosine similarities to the query, largest first.</summary>
    public float[] NeighborScores { get; set; } = [];
}
