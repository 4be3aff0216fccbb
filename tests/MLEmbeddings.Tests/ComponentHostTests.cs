using System.Reflection;
using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Tests;

public class ComponentHostTests
{
    [Fact]
    public void ReachesTheContextBehindTransformsAndTrainerCatalogs()
    {
        var mlContext = new MLContext(1);
        Assert.Same(mlContext.ComponentCatalog, ComponentHost.FromCatalog(mlContext.Transforms, "Test").Environment.ComponentCatalog);
        Assert.Same(mlContext.ComponentCatalog, ComponentHost.FromCatalog(mlContext.MulticlassClassification.Trainers, "Test").Environment.ComponentCatalog);
        var exception = Assert.Throws<ArgumentException>(() => ComponentHost.FromCatalog("not a catalog", "Test"));
        Assert.Contains("Expected an ML.NET catalog", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitSeedWinsAndTheContextSeedMakesDrawsReproducible()
    {
        Assert.Equal(5, ComponentHost.FromCatalog(new MLContext(1).Transforms, "Test").Seed(5));
        int first = ComponentHost.FromCatalog(new MLContext(1).Transforms, "Test").Seed(null);
        int again = ComponentHost.FromCatalog(new MLContext(1).Transforms, "Test").Seed(null);
        int other = ComponentHost.FromCatalog(new MLContext(2).Transforms, "Test").Seed(null);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void MessagesAndProgressReachTheContextLogAndTheProgressObserver()
    {
        var mlContext = new MLContext(1);
        var messages = new List<LoggingEventArgs>();
        mlContext.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e);
            }
        };
        var host = ComponentHost.FromCatalog(mlContext.Transforms, "NeighborSearch");
        var progress = new Recorder();

        host.Info("indexed {braces} 10 rows");
        host.Warning("did not converge");
        host.ReportProgress(progress, 0.5, "half done");

        Assert.Equal([0.5], progress.Values);
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Info && m.Message.Contains("indexed {braces} 10 rows", StringComparison.Ordinal) && m.Source.Contains("NeighborSearch", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Warning && m.Message.Contains("did not converge", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Trace && m.Message.Contains("half done", StringComparison.Ordinal));
    }

    [Fact]
    public void CancellationComesFromTheTokenOrTheContext()
    {
        var mlContext = new MLContext(1);
        var host = ComponentHost.FromCatalog(mlContext.Transforms, "Test");
        host.ThrowIfCancellationRequested();
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.Throws<OperationCanceledException>(() => host.ThrowIfCancellationRequested(source.Token));
        // MLContext.CancelExecution() is internal in ML.NET 5 (AutoML uses it); call it as AutoML does.
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(mlContext, null);
        var exception = Assert.Throws<OperationCanceledException>(() => host.ThrowIfCancellationRequested());
        Assert.Contains("cancelled", exception.Message, StringComparison.Ordinal);
    }

    private sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value) => Values.Add(value);
    }
}
