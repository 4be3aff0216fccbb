namespace MLEmbeddings.Embeddings;

/// <summary>Options of <c>mlContext.Transforms.TruncateEmbedding</c> (Matryoshka truncation).</summary>
public sealed class TruncateEmbeddingOptions
{
    /// <summary>Name of the output column, a <c>Vector&lt;Single, Dimension&gt;</c>. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>Name of the input column, a known-size <c>Vector&lt;Single&gt;</c>; null means <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>
    /// Number of leading values kept, in <c>[1, input size]</c>. Default <see cref="Defaults.TruncateEmbeddingDimension"/>.
    /// Same as the <c>truncate_dim</c> of sentence-transformers or the <c>dimensions</c> of OpenAI's embedding API.
    /// </summary>
    public int Dimension { get; set; } = Defaults.TruncateEmbeddingDimension;

    /// <summary>
    /// Whether to rescale each truncated vector to unit L2 norm (<c>y = x[0..d) / ||x[0..d)||</c>; an all-zero vector
    /// stays zero). Default <see cref="Defaults.TruncateEmbeddingNormalize"/>. Matryoshka embeddings are compared by
    /// cosine, which needs it after truncation.
    /// </summary>
    public bool Normalize { get; set; } = Defaults.TruncateEmbeddingNormalize;
}
