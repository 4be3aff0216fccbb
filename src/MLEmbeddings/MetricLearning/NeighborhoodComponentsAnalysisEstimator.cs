using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// Neighbourhood Components Analysis (Goldberger, Roweis, Hinton and Salakhutdinov 2004; scikit-learn
/// <c>NeighborhoodComponentsAnalysis</c>): learns <c>L</c> maximising the expected number of training rows a stochastic
/// nearest-neighbour rule classifies correctly, <c>f(L) = sum_i sum_(j in class(i)) p_ij</c> with
/// <c>p_ij = softmax_j(-||L x_i - L x_j||^2)</c> over <c>j != i</c>. Created by
/// <c>mlContext.Transforms.NeighborhoodComponentsAnalysis(...)</c>.
/// </summary>
/// <remarks>
/// The default optimizer is L-BFGS on the full objective (as scikit-learn), computed in float blocks with a streaming
/// softmax: <c>O(n^2 r)</c> time per iteration but only <c>O(n (d + r))</c> memory. For large <c>n</c> choose
/// <see cref="NeighborhoodComponentsOptimizer.MiniBatch"/>, whose time per epoch is <c>O(n b r)</c>. The objective is
/// sensitive to the input scale (distances enter an exponential): standardize features first.
/// </remarks>
public sealed class NeighborhoodComponentsAnalysisEstimator : MetricLearningEstimatorBase
{
    internal NeighborhoodComponentsAnalysisEstimator(ComponentHost host, NeighborhoodComponentsAnalysisOptions options)
        : base(host, options)
    {
    }

    private NeighborhoodComponentsAnalysisOptions Settings => (NeighborhoodComponentsAnalysisOptions)Options;

    private protected override MetricLearningAlgorithm Algorithm => MetricLearningAlgorithm.NeighborhoodComponentsAnalysis;

    private protected override int MaximumIterations => Settings.MaximumNumberOfIterations;

    private protected override MetricLearningResult Learn(TrainingRows rows, int rank, MetricLearningRun run)
    {
        ClassSortedRows data = ClassSortedRows.Create(rows.View, rows.Classes!, center: true);
        float[] initial = InitialTransformation.Create(Settings.Initialization, data, rank, run, "input");
        run.ThrowIfCancellationRequested();
        return Settings.Optimizer == NeighborhoodComponentsOptimizer.MiniBatch
            ? MiniBatchNeighborhoodComponents.Fit(data, initial, rank, Settings.MaximumNumberOfIterations, Settings.BatchSize, Settings.LearningRate, Settings.Tolerance, run.Seed, run.Threads, run.IterationCompleted)
            : NeighborhoodComponentsSolver.Fit(data, initial, rank, Settings.MaximumNumberOfIterations, Settings.Tolerance, run.Threads, run.IterationCompleted);
    }
}
