namespace MLEmbeddings.Kernels;

/// <summary>How two vectors are compared by the distance and search kernels.</summary>
public enum DistanceMetric
{
    /// <summary>Squared Euclidean distance <c>||x - y||^2</c>; smaller is closer (faiss <c>METRIC_L2</c>).</summary>
    SquaredEuclidean = 0,

    /// <summary>Inner product <c>x . y</c>; larger is closer (faiss <c>METRIC_INNER_PRODUCT</c>).</summary>
    InnerProduct = 1,

    /// <summary>Cosine similarity <c>x . y / (||x|| ||y||)</c>, 0 when either vector is zero; larger is closer.</summary>
    Cosine = 2,
}
