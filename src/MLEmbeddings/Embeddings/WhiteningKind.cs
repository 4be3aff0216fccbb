namespace MLEmbeddings.Embeddings;

/// <summary>Which whitening map the whitening transform learns.</summary>
public enum WhiteningKind
{
    /// <summary>
    /// PCA whitening <c>y = Lambda_r^(-1/2) V_r^T (x - mean)</c>: coordinates along the <c>Rank</c> leading principal
    /// components, each scaled to unit variance (scikit-learn <c>PCA(whiten=True)</c>; "BERT-whitening").
    /// </summary>
    Pca = 0,

    /// <summary>
    /// ZCA (Mahalanobis) whitening <c>y = V Lambda^(-1/2) V^T (x - mean)</c>: the whitening closest to the input, keeping
    /// its coordinates and size.
    /// </summary>
    Zca = 1,
}
