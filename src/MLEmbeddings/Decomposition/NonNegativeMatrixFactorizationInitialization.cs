namespace MLEmbeddings.Decomposition;

/// <summary>
/// How the factors <c>W</c> and <c>H</c> start (scikit-learn's <c>init</c>). User-supplied components are given with
/// <c>InitialComponents</c> instead.
/// </summary>
public enum NonNegativeMatrixFactorizationInitialization
{
    /// <summary>
    /// NNDSVD with zeros filled by the mean of the data (<c>'nndsvda'</c>, the default): deterministic for a seed,
    /// good for dense data and for every solver.
    /// </summary>
    NndsvdA = 0,

    /// <summary>
    /// Non-negative double singular value decomposition (Boutsidis and Gallopoulos 2008, <c>'nndsvd'</c>): the positive
    /// parts of the leading singular vectors of a randomized SVD; the zeros it leaves suit sparse results and the
    /// coordinate-descent solver (multiplicative updates can never move them).
    /// </summary>
    Nndsvd = 1,

    /// <summary>NNDSVD with zeros filled by small random values, <c>|mean * N(0, 1)| / 100</c> (<c>'nndsvdar'</c>).</summary>
    NndsvdAR = 2,

    /// <summary>Random non-negative factors scaled to the data, <c>sqrt(mean / rank) * |N(0, 1)|</c> (<c>'random'</c>).</summary>
    Random = 3,
}
