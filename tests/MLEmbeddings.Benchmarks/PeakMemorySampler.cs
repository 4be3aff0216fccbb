using System.Diagnostics;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Measures the memory a piece of work allocates beyond what existed when sampling started: a background thread reads
/// the managed heap size (<see cref="GC.GetTotalMemory(bool)"/>, which includes garbage not yet collected, so the
/// peak is an upper bound of the live data) and the process's private bytes every 5 milliseconds.
/// </summary>
public sealed class PeakMemorySampler : IDisposable
{
    private readonly long _heapBaseline;
    private readonly long _privateBaseline;
    private readonly long _allocatedBaseline;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _heapPeak;
    private long _privatePeak;

    /// <summary>Collects garbage, records the baselines and starts sampling.</summary>
    public PeakMemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _heapBaseline = GC.GetTotalMemory(false);
        _privateBaseline = PrivateBytes();
        _allocatedBaseline = GC.GetTotalAllocatedBytes(precise: true);
        _heapPeak = _heapBaseline;
        _privatePeak = _privateBaseline;
        _thread = new Thread(Sample) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Peak growth of the managed heap over the baseline, in bytes.</summary>
    public long PeakHeapGrowth => Interlocked.Read(ref _heapPeak) - _heapBaseline;

    /// <summary>Peak growth of the process's private bytes over the baseline, in bytes.</summary>
    public long PeakPrivateGrowth => Interlocked.Read(ref _privatePeak) - _privateBaseline;

    /// <summary>Bytes allocated on the managed heap since the baseline (collected or not).</summary>
    public long TotalAllocated { get; private set; }

    /// <summary>Stops sampling (takes a last sample).</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        TotalAllocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBaseline;
    }

    private static long PrivateBytes()
    {
        using Process process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }

    private void Sample()
    {
        do
        {
            long heap = GC.GetTotalMemory(false);
            long privateBytes = PrivateBytes();
            if (heap > Interlocked.Read(ref _heapPeak))
            {
                Interlocked.Exchange(ref _heapPeak, heap);
            }

            if (privateBytes > Interlocked.Read(ref _privatePeak))
            {
                Interlocked.Exchange(ref _privatePeak, privateBytes);
            }

            Thread.Sleep(5);
        }
        while (!_stop);
    }
}
