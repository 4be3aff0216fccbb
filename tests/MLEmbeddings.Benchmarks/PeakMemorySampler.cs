namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Measures the memory a piece of work allocates beyond what existed when sampling started: a background thread reads
/// the managed heap size (<see cref="GC.GetTotalMemory(bool)"/>, which includes garbage not yet collected, so the
/// peak is an upper bound of the live data) and the process's private resident bytes (<c>/proc/self/statm</c>:
/// resident minus shared pages) every 5 milliseconds. The sampling thread allocates nothing after it starts (it reads
/// <c>statm</c> into a buffer of its own), so it does not inflate the numbers it reports.
/// </summary>
public sealed class PeakMemorySampler : IDisposable
{
    private readonly long _heapBaseline;
    private readonly long _privateBaseline;
    private readonly long _allocatedBaseline;
    private readonly Thread _thread;
    private readonly byte[] _statm = new byte[128];
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _statmHandle = File.Exists("/proc/self/statm") ? File.OpenHandle("/proc/self/statm") : null;
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
        _statmHandle?.Dispose();
        TotalAllocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBaseline;
    }

    /// <summary>Resident minus shared pages of this process, in bytes (0 where <c>/proc/self/statm</c> does not exist).</summary>
    private long PrivateBytes()
    {
        if (_statmHandle is null)
        {
            return 0;
        }

        // statm: size resident shared text lib data dt, in pages.
        int length = RandomAccess.Read(_statmHandle, _statm, 0);
        Span<long> fields = stackalloc long[3];
        int field = 0;
        long value = 0;
        bool inNumber = false;
        for (int i = 0; i < length && field < fields.Length; i++)
        {
            byte character = _statm[i];
            if (character is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (character - '0');
                inNumber = true;
            }
            else if (inNumber)
            {
                fields[field++] = value;
                value = 0;
                inNumber = false;
            }
        }

        return (fields[1] - fields[2]) * Environment.SystemPageSize;
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
