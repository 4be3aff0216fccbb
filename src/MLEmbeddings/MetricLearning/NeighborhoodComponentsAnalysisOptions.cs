namespace MLEmbeddings.MetricLearning;

/// <summary>Options of Neighbourhood Components Analysis, <c>mlContext.Transforms.NeighborhoodComponentsAnalysis(options)</c>.</summary>
public sealed class NeighborhoodComponentsAnalysisOptions : MetricLearningOptionsBase
{
    /// <summary>The starting transformation. Default <see cref="MetricLearningInitialization.Auto"/> (scikit-learn <c>init='auto'</c>).</summary>
    public MetricLearningInitialization Initialization { get; set; } = MetricLearningInitialization.Auto;

    /// <summary>How the objective is maximised. Default <see cref="NeighborhoodComponentsOptimizer.LimitedMemoryBfgs"/> (scikit-learn's method).</summary>
    public NeighborhoodComponentsOptimizer Optimizer { get; set; } = NeighborhoodComponentsOptimizer.LimitedMemoryBfgs;

    /// <summary>
    /// Most L-BFGS iterations, or epochs of the mini-batch optimizer; 0 or more (0 returns the starting transformation).
    /// Default 50 (scikit-learn <c>max_iter</c>).
    /// </summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.NeighborhoodComponentsMaximumIterations;

    /// <summary>
    /// Convergence tolerance, 0 or more: L-BFGS stops when the largest gradient entry or the relative decrease of the
    /// objective falls to it (scikit-learn <c>tol</c>); the mini-batch optimizer stops when the mean in-batch objective of an
    /// epoch changes by at most this fraction. Default 1e-5.
    /// </summary>
    public double Tolerance { get; set; } = Defaults.MetricLearningTolerance;

    /// <summary>Rows per mini-batch of <see cref="NeighborhoodComponentsOptimizer.MiniBatch"/>, at least 2. Default 1024.</summary>
    public int BatchSize { get; set; } = Defaults.NeighborhoodComponentsBatchSize;

    /// <summary>
    /// Adam step of <see cref="NeighborhoodComponentsOptimizer.MiniBatch"/>, relative to the root-mean-square entry of the
    /// starting transformation (so it does not depend on the data's scale); finite and &gt; 0. Default 0.02.
    /// </summary>
    public double LearningRate { get; set; } = Defaults.NeighborhoodComponentsLearningRate;

    internal override void Validate()
    {
        base.Validate();
        ValidateLabel();
        OptionChecks.RequireDefined(Initialization, nameof(Initialization));
        OptionChecks.RequireDefined(Optimizer, nameof(Optimizer));
        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 0, nameof(MaximumNumberOfIterations));
        OptionChecks.RequireNonNegativeFinite(Tolerance, nameof(Tolerance));
        OptionChecks.RequireAtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.RequirePositiveFinite(LearningRate, nameof(LearningRate));
    }
}
