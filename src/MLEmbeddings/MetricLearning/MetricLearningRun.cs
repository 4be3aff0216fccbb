using MLEmbeddings.Interop;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// What a learner needs while it runs: the seed, the thread limit, and a per-iteration callback that honours
/// cancellation and reports progress to the <c>MLContext</c> log and the options' <see cref="IProgress{T}"/>.
/// </summary>
internal sealed class MetricLearningRun
{
    private readonly ComponentHost _host;
    private readonly IProgress<MetricLearningProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly MetricLearningAlgorithm _algorithm;

    public MetricLearningRun(ComponentHost host, MetricLearningOptionsBase options, MetricLearningAlgorithm algorithm, int maximumIterations)
    {
        _host = host;
        _progress = options.Progress;
        _cancellationToken = options.CancellationToken;
        _algorithm = algorithm;
        MaximumIterations = maximumIterations;
        Seed = host.Seed(options.Seed);
        Threads = options.MaxDegreeOfParallelism;
    }

    /// <summary>The seed (explicit, or drawn from the context).</summary>
    public int Seed { get; }

    /// <summary>Most threads; -1 for all cores.</summary>
    public int Threads { get; }

    /// <summary>The iteration budget, for progress reports.</summary>
    public int MaximumIterations { get; }

    /// <summary>Throws when cancelled.</summary>
    public void ThrowIfCancellationRequested() => _host.ThrowIfCancellationRequested(_cancellationToken);

    /// <summary>The per-iteration callback handed to the kernels: checks cancellation, then reports.</summary>
    public void IterationCompleted(int iteration, double objective)
    {
        ThrowIfCancellationRequested();
        _host.ReportProgress(_progress, new MetricLearningProgress(_algorithm, iteration, MaximumIterations, objective), $"{_algorithm}: iteration {iteration} of {MaximumIterations}, objective {objective:G6}");
    }
}
