namespace MLEmbeddings.Neighbors;

/// <summary>How an index stores its vectors when quantized (<see cref="QuantizationOptions.Kind"/>).</summary>
public enum QuantizationKind
{
    /// <summary>
    /// One byte per dimension: per-dimension range <c>[min, max]</c> trained on a sample, 256 levels (faiss
    /// <c>SQ8</c>). About 4 x less memory than float with a small loss of accuracy.
    /// </summary>
    EightBit = 0,

    /// <summary>
    /// One bit per dimension, compared by Hamming distance (popcount): 32 x less memory than float, a coarse ranking
    /// that re-ranking on full precision (<see cref="QuantizationOptions.RerankingFactor"/>) turns into an accurate one.
    /// Best for embeddings compared by cosine or inner product.
    /// </summary>
    Binary = 1,
}
