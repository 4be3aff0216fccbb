namespace MLEmbeddings.Neighbors;

/// <summary>How the k-NN components compare a row with the indexed rows.</summary>
public enum NeighborMetric
{
    /// <summary>
    /// Euclidean distance <c>||x - y||</c>; smaller is closer. Searched as squared distance (same ranking);
    /// scikit-learn <c>metric='euclidean'</c>, faiss <c>METRIC_L2</c>.
    /// </summary>
    Euclidean = 0,

    /// <summary>
    /// Cosine similarity <c>x . y / (||x|| ||y||)</c>; larger is closer. The distance used for inverse-distance
    /// weighting is <c>1 - cosine similarity</c>, as scikit-learn's <c>metric='cosine'</c>. A zero vector has
    /// similarity 0 with everything.
    /// </summary>
    Cosine = 1,

    /// <summary>
    /// Inner product <c>x . y</c>; larger is closer (maximum inner product search, faiss
    /// <c>METRIC_INNER_PRODUCT</c>). It is not a distance, so inverse-distance weighting is not available with it.
    /// </summary>
    InnerProduct = 2,
}
