using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// Local Fisher Discriminant Analysis (Sugiyama 2007; metric-learn <c>LFDA</c>): Fisher's discriminant analysis with
/// pairs weighted by a local-scaling affinity, so multimodal classes are kept apart without being collapsed. Closed form:
/// <c>L</c>'s rows are the leading generalized eigenvectors of the local between-class and within-class scatter matrices,
/// computed with the kernel library's symmetric-definite eigensolver. Deterministic (no randomness), and usually the
/// fastest learner. Created by <c>mlContext.Transforms.LocalFisherDiscriminantAnalysis(...)</c>.
/// </summary>
public sealed class LocalFisherDiscriminantAnalysisEstimator : MetricLearningEstimatorBase
{
    internal LocalFisherDiscriminantAnalysisEstimator(ComponentHost host, LocalFisherDiscriminantAnalysisOptions options)
        : base(host, options)
    {
    }

    private LocalFisherDiscriminantAnalysisOptions Settings => (LocalFisherDiscriminantAnalysisOptions)Options;

    private protected override MetricLearningAlgorithm Algorithm => MetricLearningAlgorithm.LocalFisherDiscriminantAnalysis;

    private protected override int MaximumIterations => 0;

    private protected override MetricLearningResult Learn(TrainingRows rows, int rank, MetricLearningRun run)
    {
        ClassSortedRows data = ClassSortedRows.Create(rows.View, rows.Classes!, center: true);
        var scaling = Settings.Embedding switch
        {
            LocalFisherEmbedding.Orthonormalized => FisherEmbeddingScaling.Orthonormalized,
            LocalFisherEmbedding.Plain => FisherEmbeddingScaling.Plain,
            _ => FisherEmbeddingScaling.Weighted,
        };
        return LocalFisherDiscriminant.Fit(data, rank, Settings.NumberOfNeighbors, scaling, Settings.Regularization, run.Threads);
    }
}
