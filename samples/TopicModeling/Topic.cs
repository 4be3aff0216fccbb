namespace TopicModeling;

/// <summary>One learned topic: its most heavily weighted words and the documents it dominates.</summary>
/// <param name="Words">The top words, heaviest first.</param>
/// <param name="Documents">How many documents have this topic as their largest coefficient.</param>
/// <param name="CommonestLabel">The commonest label among those documents (empty when the corpus has no labels).</param>
/// <param name="CommonestLabelShare">The share of those documents that carry <paramref name="CommonestLabel"/>.</param>
internal sealed record Topic(IReadOnlyList<string> Words, int Documents, string CommonestLabel, double CommonestLabelShare);
