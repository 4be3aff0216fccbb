using MLEmbeddings.Decomposition;
using MLEmbeddings.MetricLearning;

namespace QuickStart;

/// <summary>Where the pipeline's long steps report their iterations (null for nowhere).</summary>
/// <param name="Factorization">Receives one report per NMF iteration.</param>
/// <param name="MetricLearning">Receives one report per metric-learning iteration.</param>
internal sealed record PipelineProgress(
    IProgress<NonNegativeMatrixFactorizationProgress>? Factorization,
    IProgress<MetricLearningProgress>? MetricLearning);
