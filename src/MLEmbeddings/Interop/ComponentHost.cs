using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// What a component gets from the <c>MLContext</c> behind the catalog it was created from: the context's
/// seed, its log (messages appear in <c>mlContext.Log</c>), progress reporting and cancellation. Creating a
/// host also registers MLEmbeddings' loaders with the context, so models it saves load back in it.
/// </summary>
/// <remarks>
/// <code>
/// var host = ComponentHost.FromCatalog(catalog, "KNearestNeighbors");
/// int seed = host.Seed(options.Seed);          // explicit seed wins, else drawn from the context
/// host.Info($"Indexed {rows} rows.");
/// host.ReportProgress(options.Progress, new Progress(i, n), $"iteration {i} of {n}");
/// host.ThrowIfCancellationRequested(options.CancellationToken);
/// </code>
/// </remarks>
internal sealed class ComponentHost
{
    private readonly IHost _host;

    /// <summary>Wraps an environment under a component name (the log channel and the context seed draw use it).</summary>
    public ComponentHost(IHostEnvironment environment, string componentName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(componentName);
        ComponentRegistration.EnsureRegistered(environment);
        Environment = environment;
        Name = componentName;
        _host = environment.Register(componentName);
    }

    /// <summary>The ML.NET environment (the <c>MLContext</c>'s).</summary>
    public IHostEnvironment Environment { get; }

    /// <summary>The component name used for the log channel.</summary>
    public string Name { get; }

    /// <summary>
    /// The environment behind an ML.NET catalog (<c>mlContext.Transforms</c>,
    /// <c>mlContext.MulticlassClassification.Trainers</c>, ...), wrapped as a host for <paramref name="componentName"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="catalog"/> is not an ML.NET catalog.</exception>
    public static ComponentHost FromCatalog(object catalog, string componentName)
        => new(EnvironmentOf(catalog), componentName);

    /// <summary>
    /// The environment behind an ML.NET catalog, with MLEmbeddings' loaders registered in it. Catalog methods of
    /// components that need no host yet (no seed, no log) call this so that their context can load saved models.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="catalog"/> is not an ML.NET catalog.</exception>
    public static IHostEnvironment EnvironmentOf(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = MLNetInternals.Instance.CatalogEnvironment(catalog)
            ?? throw new ArgumentException($"Expected an ML.NET catalog such as mlContext.Transforms; got {catalog.GetType()}.", nameof(catalog));
        ComponentRegistration.EnsureRegistered(environment);
        return environment;
    }

    /// <summary>
    /// The seed to use: <paramref name="explicitSeed"/> when given, otherwise one drawn from the context's random
    /// source, as ML.NET's own components do (so <c>new MLContext(seed: 1)</c> makes runs reproducible).
    /// </summary>
    public int Seed(int? explicitSeed) => explicitSeed ?? _host.Rand.Next();

    /// <summary>Writes an informational message to the context's log.</summary>
    public void Info(string message) => Send(ChannelMessageKind.Info, message);

    /// <summary>Writes a warning to the context's log (non-convergence, suspicious settings).</summary>
    public void Warning(string message) => Send(ChannelMessageKind.Warning, message);

    /// <summary>Writes a trace-level message (fine-grained progress) to the context's log.</summary>
    public void Trace(string message) => Send(ChannelMessageKind.Trace, message);

    /// <summary>Reports progress: as a trace message in the log and to <paramref name="progress"/> when given.</summary>
    public void ReportProgress<T>(IProgress<T>? progress, T value, string message)
    {
        Trace(message);
        progress?.Report(value);
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled or the
    /// context was cancelled (ML.NET's internal <c>MLContext.CancelExecution()</c>, which AutoML calls). Long loops call it once per iteration or block.
    /// </summary>
    public void ThrowIfCancellationRequested(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (MLNetInternals.Instance.IsCanceled(Environment))
        {
            throw new OperationCanceledException($"{Name}: the MLContext's execution was cancelled.");
        }
    }

    private void Send(ChannelMessageKind kind, string message)
    {
        using IChannel channel = _host.Start(Name);
        switch (kind)
        {
            case ChannelMessageKind.Warning:
                channel.Warning(MessageSensitivity.None, "{0}", message);
                break;
            case ChannelMessageKind.Trace:
                channel.Trace(MessageSensitivity.None, "{0}", message);
                break;
            default:
                channel.Info(MessageSensitivity.None, "{0}", message);
                break;
        }
    }
}
