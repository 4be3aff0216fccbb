namespace MLEmbeddings.Kernels;

/// <summary>
/// The beta-divergence <c>D_beta(X | Y)</c> an NMF minimises, by its beta (scikit-learn's <c>beta_loss</c>).
/// </summary>
public enum BetaLoss
{
    /// <summary>beta = 0, the Itakura-Saito divergence <c>sum x / y - log(x / y) - 1</c>; needs strictly positive data.</summary>
    ItakuraSaito = 0,

    /// <summary>beta = 1, the generalised Kullback-Leibler divergence <c>sum x log(x / y) - x + y</c>.</summary>
    KullbackLeibler = 1,

    /// <summary>beta = 2, half the squared Frobenius norm <c>0.5 sum (x - y)^2</c>.</summary>
    Frobenius = 2,
}
