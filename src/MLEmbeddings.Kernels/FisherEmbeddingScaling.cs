namespace MLEmbeddings.Kernels;

/// <summary>How <see cref="LocalFisherDiscriminant"/> scales the generalized eigenvectors it returns as rows of <c>L</c>.</summary>
internal enum FisherEmbeddingScaling
{
    /// <summary>Each eigenvector times the square root of its eigenvalue.</summary>
    Weighted = 0,

    /// <summary>The eigenvectors orthonormalized (QR).</summary>
    Orthonormalized = 1,

    /// <summary>The eigenvectors as they come (<c>S_w</c>-orthonormal).</summary>
    Plain = 2,
}
