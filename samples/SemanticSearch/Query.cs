namespace SemanticSearch;

/// <summary>A query row: the text column the embedding step reads.</summary>
internal sealed class Query
{
    public string Text { get; set; } = string.Empty;
}
