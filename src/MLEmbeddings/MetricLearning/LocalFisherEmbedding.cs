namespace MLEmbeddings.MetricLearning;

/// <summary>How LFDA scales the generalized eigenvectors that become the rows of <c>L</c> (metric-learn's <c>embedding_type</c>).</summary>
public enum LocalFisherEmbedding
{
    /// <summary>Each eigenvector times the square root of its eigenvalue, so more discriminative directions weigh more (<c>'weighted'</c>).</summary>
    Weighted = 0,

    /// <summary>The eigenvectors orthonormalized, a rotation of the discriminative subspace (<c>'orthonormalized'</c>).</summary>
    Orthonormalized = 1,

    /// <summary>The eigenvectors as they come from the eigensolver, normalised so <c>v^T S_w v = 1</c> (<c>'plain'</c>).</summary>
    Plain = 2,
}
