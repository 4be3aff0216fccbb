using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// Large Margin Nearest Neighbour (Weinberger and Saul 2009; metric-learn <c>LMNN</c>): learns <c>L</c> so that each
/// row's k target neighbours (its nearest same-class rows in the input space) are close and rows of other classes
/// (impostors) stay at least a unit margin farther away, minimising
/// <c>(1 - mu) sum_(i, j ~> i) d_ij + mu sum_(i, j ~> i, l) [1 + d_ij - d_il]_+</c> with <c>d_ab = ||L (x_a - x_b)||^2</c>.
/// Created by <c>mlContext.Transforms.LargeMarginNearestNeighbor(...)</c>.
/// </summary>
/// <remarks>
/// L-BFGS on <c>L</c> with an active set: each row's <c>NumberOfImpostorCandidates</c> nearest rows of other classes in
/// the current projection, found with the fused exact top-k search and refreshed every
/// <c>ActiveSetRefreshInterval</c> iterations. The unit margin makes the result depend on the input scale: standardize
/// features first. Every class needs at least 2 rows.
/// </remarks>
public sealed class LargeMarginNearestNeighborEstimator : MetricLearningEstimatorBase
{
    internal LargeMarginNearestNeighborEstimator(ComponentHost host, LargeMarginNearestNeighborOptions options)
        : base(host, options)
    {
    }

    private LargeMarginNearestNeighborOptions Settings => (LargeMarginNearestNeighborOptions)Options;

    private protected override MetricLearningAlgorithm Algorithm => MetricLearningAlgorithm.LargeMarginNearestNeighbor;

    private protected override int MaximumIterations => Settings.MaximumNumberOfIterations;

    private protected override MetricLearningResult Learn(TrainingRows rows, int rank, MetricLearningRun run)
    {
        ClassSortedRows data = ClassSortedRows.Create(rows.View, rows.Classes!, center: true);
        RequireClassSizes(data, 2, Settings.LabelColumnName, "LargeMarginNearestNeighbor needs at least 2 rows per class, because each row's target neighbours are rows of its own class.", "input");
        float[] initial = InitialTransformation.Create(Settings.Initialization, data, rank, run, "input");
        run.ThrowIfCancellationRequested();
        return LargeMarginNearestNeighborSolver.Fit(
            data,
            initial,
            rank,
            Settings.NumberOfNeighbors,
            Settings.NumberOfImpostorCandidates,
            Settings.PushWeight,
            Settings.ActiveSetRefreshInterval,
            Settings.MaximumNumberOfIterations,
            Settings.Tolerance,
            run.Threads,
            run.IterationCompleted);
    }
}
