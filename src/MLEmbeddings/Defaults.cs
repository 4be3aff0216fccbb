namespace MLEmbeddings;

/// <summary>Default values of the components' options, in one place.</summary>
public static class Defaults
{
    /// <summary>Default number of leading values kept by <c>TruncateEmbedding</c>: 256.</summary>
    public const int TruncateEmbeddingDimension = 256;

    /// <summary>Whether <c>TruncateEmbedding</c> re-normalises to unit L2 norm by default: true.</summary>
    public const bool TruncateEmbeddingNormalize = true;
}
