namespace MLEmbeddings.Neighbors;

/// <summary>
/// One query against the vectors of a <see cref="VectorStore"/>: the search algorithms are generic over a struct
/// implementing this, so the JIT compiles one specialised copy of each search per storage kind with the distance
/// inlined (no virtual call per distance).
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IDistanceSpace<TSelf>
    where TSelf : struct, IDistanceSpace<TSelf>
{
    /// <summary>A new space over the same store with its own query buffers (one per thread).</summary>
    TSelf Fork();

    /// <summary>Sets the query: <c>Dimension</c> values, already prepared for the metric (unit length for cosine).</summary>
    void SetQuery(ReadOnlySpan<float> query);

    /// <summary>Sets the query to stored vector <paramref name="id"/> (decoded from its code when quantized).</summary>
    void SetQueryFromStored(int id);

    /// <summary>
    /// The ordering key of stored vector <paramref name="id"/> for the current query, smaller is closer: the squared
    /// Euclidean distance, or minus the inner product (cosine works on unit vectors), estimated from codes when quantized.
    /// </summary>
    float Key(int id);

    /// <summary>The key computed on the full-precision vector (the same as <see cref="Key"/> when there are no codes).</summary>
    float ExactKey(int id);

    /// <summary>Asks the processor to start loading stored vector <paramref name="id"/>.</summary>
    void Prefetch(int id);
}
