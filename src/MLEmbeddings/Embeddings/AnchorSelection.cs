namespace MLEmbeddings.Embeddings;

/// <summary>How the relative-representation transform chooses its anchors at <c>Fit</c>.</summary>
public enum AnchorSelection
{
    /// <summary>A seeded uniform sample of the fitted rows, without replacement (the paper's random anchors).</summary>
    Random = 0,

    /// <summary>The centroids of k-means (ML.NET's, k-means++ initialisation) with as many clusters as anchors.</summary>
    KMeansCentroids = 1,
}
