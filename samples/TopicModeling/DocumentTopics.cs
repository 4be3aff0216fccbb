namespace TopicModeling;

/// <summary>A document's topic coefficients, the NMF output column.</summary>
internal sealed class DocumentTopics
{
    public float[] Topics { get; set; } = [];
}
