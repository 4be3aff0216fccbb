namespace MLEmbeddings.Decomposition;

/// <summary>The divergence between the data <c>X</c> and its reconstruction <c>W H</c> that the fit minimises (scikit-learn's <c>beta_loss</c>).</summary>
public enum NonNegativeMatrixFactorizationLoss
{
    /// <summary>Half the squared Frobenius norm, <c>0.5 ||X - W H||_F^2</c> (beta = 2, <c>'frobenius'</c>): every solver. The default.</summary>
    Frobenius = 0,

    /// <summary>
    /// The generalised Kullback-Leibler divergence <c>sum x log(x / y) - x + y</c> (beta = 1, <c>'kullback-leibler'</c>),
    /// suited to counts such as word frequencies: multiplicative-update solvers only.
    /// </summary>
    KullbackLeibler = 1,

    /// <summary>
    /// The Itakura-Saito divergence <c>sum x / y - log(x / y) - 1</c> (beta = 0, <c>'itakura-saito'</c>), scale-invariant,
    /// suited to power spectra: multiplicative-update solvers only, and every value must be strictly positive.
    /// </summary>
    ItakuraSaito = 2,
}
