namespace MLEmbeddings.Kernels;

/// <summary>
/// How <see cref="MultiplicativeUpdate.Apply(MatrixView, ReadOnlyMatrixView, ReadOnlyMatrixView, MultiplicativeUpdateSettings, int)"/>
/// turns a numerator and a denominator into a factor update: <c>f = f * ((n / (d + l1 + l2 f)) ^ gamma)</c>, then
/// values below <see cref="ZeroBelow"/> become 0.
/// </summary>
/// <param name="L1">L1 penalty added to the denominator, 0 or more.</param>
/// <param name="L2">L2 penalty: <c>l2 * f</c> is added to the denominator, 0 or more.</param>
/// <param name="SquareRoot">Whether the exponent <c>gamma</c> is 1/2 (the majorisation-minimisation exponent <c>1 / (2 - beta)</c> for Itakura-Saito, beta = 0) instead of 1.</param>
/// <param name="ZeroBelow">Updated values below this become exactly 0 (0 for none); scikit-learn uses the double-precision epsilon for beta &lt; 1 (and for beta &lt;= 1 on the components) for stability.</param>
public readonly record struct MultiplicativeUpdateSettings(float L1, float L2, bool SquareRoot, float ZeroBelow)
{
    /// <summary>Double-precision machine epsilon, 2.22e-16 (scikit-learn's <c>np.finfo(np.float64).eps</c>): the default <see cref="ZeroBelow"/> where one applies.</summary>
    public const float DoubleEpsilon = 2.220446049250313e-16f;

    /// <summary>
    /// scikit-learn's rules for a beta loss: <c>gamma = 1/2</c> for Itakura-Saito, else 1; values below
    /// <see cref="DoubleEpsilon"/> are zeroed for Itakura-Saito, and also for Kullback-Leibler when the factor is the
    /// components <c>H</c>.
    /// </summary>
    /// <param name="loss">The beta loss.</param>
    /// <param name="l1">L1 penalty, 0 or more.</param>
    /// <param name="l2">L2 penalty, 0 or more.</param>
    /// <param name="isComponents">True for the update of <c>H</c> (components), false for <c>W</c>.</param>
    /// <returns>The settings.</returns>
    public static MultiplicativeUpdateSettings For(BetaLoss loss, float l1, float l2, bool isComponents)
    {
        bool zero = loss == BetaLoss.ItakuraSaito || (isComponents && loss == BetaLoss.KullbackLeibler);
        return new MultiplicativeUpdateSettings(l1, l2, loss == BetaLoss.ItakuraSaito, zero ? DoubleEpsilon : 0f);
    }
}
