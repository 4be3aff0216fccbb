using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The numbers a solver runs with: loss, rank, iteration limit, tolerance, the scaled penalties of <c>W</c> and
/// <c>H</c> (scikit-learn's <c>_compute_regularization</c>: <c>l1_W = d alpha_W l1_ratio</c>,
/// <c>l2_W = d alpha_W (1 - l1_ratio)</c>, <c>l1_H = n alpha_H l1_ratio</c>, <c>l2_H = n alpha_H (1 - l1_ratio)</c>)
/// the thread limit, and whether coordinate descent repeats its sweeps (accelerated HALS).
/// </summary>
internal sealed record FactorizationSettings(
    BetaLoss Loss,
    int Rank,
    int MaximumIterations,
    float Tolerance,
    float AlphaW,
    float AlphaH,
    float L1Ratio,
    int Columns,
    int Rows,
    int MaxDegreeOfParallelism,
    bool AcceleratedSweeps = false)
{
    /// <summary>L1 penalty of each coefficient row of <c>W</c>.</summary>
    public float L1W => Columns * AlphaW * L1Ratio;

    /// <summary>L2 penalty of each coefficient row of <c>W</c>.</summary>
    public float L2W => Columns * AlphaW * (1f - L1Ratio);

    /// <summary>L1 penalty of each component column of <c>H</c>.</summary>
    public float L1H => Rows * AlphaH * L1Ratio;

    /// <summary>L2 penalty of each component column of <c>H</c>.</summary>
    public float L2H => Rows * AlphaH * (1f - L1Ratio);

    /// <summary>The settings of the options for data of <paramref name="rows"/> x <paramref name="columns"/>.</summary>
    public static FactorizationSettings From(NonNegativeMatrixFactorizationOptions options, int rows, int columns)
        => new(
            ToBetaLoss(options.Loss),
            options.Rank,
            options.MaximumNumberOfIterations,
            options.Tolerance,
            options.AlphaW,
            options.AlphaH ?? options.AlphaW,
            options.L1Ratio,
            columns,
            rows,
            options.MaxDegreeOfParallelism,
            options.AcceleratedSweeps);

    /// <summary>The kernel's beta loss for an option value.</summary>
    public static BetaLoss ToBetaLoss(NonNegativeMatrixFactorizationLoss loss) => loss switch
    {
        NonNegativeMatrixFactorizationLoss.KullbackLeibler => BetaLoss.KullbackLeibler,
        NonNegativeMatrixFactorizationLoss.ItakuraSaito => BetaLoss.ItakuraSaito,
        _ => BetaLoss.Frobenius,
    };
}
