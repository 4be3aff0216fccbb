namespace MLEmbeddings.MetricLearning;

/// <summary>Options of Large Margin Nearest Neighbour, <c>mlContext.Transforms.LargeMarginNearestNeighbor(options)</c>.</summary>
public sealed class LargeMarginNearestNeighborOptions : MetricLearningOptionsBase
{
    /// <summary>
    /// Target neighbours per row, k: its k nearest same-class rows in the input space, at least 1 (a class of
    /// <c>n_c &lt;= k</c> rows uses <c>n_c - 1</c>). Default 3 (metric-learn <c>n_neighbors</c>).
    /// </summary>
    public int NumberOfNeighbors { get; set; } = Defaults.LargeMarginNumberOfNeighbors;

    /// <summary>Weight mu of the push (impostor hinge) term against the pull term, in <c>[0, 1]</c>. Default 0.5 (metric-learn <c>regularization</c>).</summary>
    public double PushWeight { get; set; } = Defaults.LargeMarginPushWeight;

    /// <summary>
    /// Impostor candidates per row, at least 1: the active set holds each row's nearest rows of other classes in the current
    /// projection (the rows that can violate its margin). Default 20.
    /// </summary>
    public int NumberOfImpostorCandidates { get; set; } = Defaults.LargeMarginImpostorCandidates;

    /// <summary>L-BFGS iterations between refreshes of the impostor candidates, at least 1. Default 10.</summary>
    public int ActiveSetRefreshInterval { get; set; } = Defaults.LargeMarginActiveSetRefreshInterval;

    /// <summary>The starting transformation. Default <see cref="MetricLearningInitialization.Auto"/> (metric-learn <c>init='auto'</c>).</summary>
    public MetricLearningInitialization Initialization { get; set; } = MetricLearningInitialization.Auto;

    /// <summary>Most L-BFGS iterations in total, 0 or more. Default 100.</summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.LargeMarginMaximumIterations;

    /// <summary>Convergence tolerance of each L-BFGS run (largest gradient entry, relative decrease of the loss), 0 or more. Default 1e-5.</summary>
    public double Tolerance { get; set; } = Defaults.MetricLearningTolerance;

    internal override void Validate()
    {
        base.Validate();
        ValidateLabel();
        OptionChecks.RequireAtLeast(NumberOfNeighbors, 1, nameof(NumberOfNeighbors));
        if (!(PushWeight >= 0 && PushWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PushWeight), PushWeight, $"{nameof(PushWeight)} must be in [0, 1]; got {PushWeight}.");
        }

        OptionChecks.RequireAtLeast(NumberOfImpostorCandidates, 1, nameof(NumberOfImpostorCandidates));
        OptionChecks.RequireAtLeast(ActiveSetRefreshInterval, 1, nameof(ActiveSetRefreshInterval));
        OptionChecks.RequireDefined(Initialization, nameof(Initialization));
        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 0, nameof(MaximumNumberOfIterations));
        OptionChecks.RequireNonNegativeFinite(Tolerance, nameof(Tolerance));
    }
}
