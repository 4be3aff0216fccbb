using System.Globalization;
using MLEmbeddings.Interop;

namespace MLEmbeddings.Decomposition;

/// <summary>A fit's link to the outside while it runs: progress reports (to the options' <c>IProgress</c> and the log) and cancellation.</summary>
internal sealed class IterationMonitor
{
    private readonly ComponentHost _host;
    private readonly IProgress<NonNegativeMatrixFactorizationProgress>? _progress;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Monitors a fit of at most <paramref name="maximumIterations"/> iterations.</summary>
    public IterationMonitor(ComponentHost host, IProgress<NonNegativeMatrixFactorizationProgress>? progress, int maximumIterations, CancellationToken cancellationToken)
    {
        _host = host;
        _progress = progress;
        _cancellationToken = cancellationToken;
        MaximumIterations = maximumIterations;
    }

    /// <summary>The iteration limit.</summary>
    public int MaximumIterations { get; }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the fit was cancelled.</summary>
    public void ThrowIfCancellationRequested() => _host.ThrowIfCancellationRequested(_cancellationToken);

    /// <summary>Reports an iteration (or a mini-batch of it) and checks for cancellation; NaN marks a value not computed.</summary>
    public void Report(int iteration, long rowsProcessed, double convergenceMeasure, double relativeError)
    {
        string measure = double.IsNaN(convergenceMeasure) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", convergence measure {convergenceMeasure:G4}");
        string error = double.IsNaN(relativeError) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", relative error {relativeError:G6}");
        var report = new NonNegativeMatrixFactorizationProgress(iteration, MaximumIterations, rowsProcessed, convergenceMeasure, relativeError);
        _host.ReportProgress(_progress, report, $"NMF iteration {iteration} of {MaximumIterations}, {rowsProcessed} rows{measure}{error}.");
        ThrowIfCancellationRequested();
    }
}
