namespace MLEmbeddings.Decomposition;

/// <summary>How a non-negative matrix factorization is fitted (scikit-learn's <c>solver</c>, and <c>MiniBatchNMF</c>).</summary>
public enum NonNegativeMatrixFactorizationSolver
{
    /// <summary>
    /// Coordinate descent / HALS (scikit-learn's <c>cd</c>, the default): alternately, every coefficient of <c>W</c> and
    /// then of <c>H</c> is set to its exact non-negative minimiser, one component at a time. Frobenius loss only.
    /// Holds all rows in memory.
    /// </summary>
    CoordinateDescent = 0,

    /// <summary>
    /// Multiplicative updates (scikit-learn's <c>mu</c>, Lee and Seung; Fevotte and Idier for beta-divergences): every
    /// factor is multiplied by the ratio of the negative to the positive part of its gradient. Supports every
    /// <see cref="NonNegativeMatrixFactorizationLoss"/>. Holds all rows in memory.
    /// </summary>
    MultiplicativeUpdate = 1,

    /// <summary>
    /// Mini-batch (online) fitting for data larger than memory (scikit-learn's <c>MiniBatchNMF</c>): the data is streamed
    /// in batches of <c>BatchSize</c> rows, never held whole; each batch's coefficients are solved with <c>H</c> fixed,
    /// then <c>H</c> takes one step from running sums that decay by the forget factor per pass over the data: online
    /// coordinate descent (Mairal et al. 2010) for the Frobenius loss, online multiplicative updates (Lefevre et al.
    /// 2011) for Kullback-Leibler and Itakura-Saito.
    /// </summary>
    MiniBatch = 2,
}
