using System.Diagnostics.Tracing;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Where a piece of work allocates: listens to the runtime's <c>GCAllocationTick</c> events (one per about 100 KB
/// allocated, naming the type of the object that crossed the threshold and the bytes since the previous event) and
/// sums the bytes per type. A sample, not an exact count: types that allocate in small pieces are attributed in
/// 100 KB steps, and large arrays appear with their own size.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEvent = 10;
    private const long GarbageCollectionKeyword = 0x1;
    private readonly Dictionary<string, long> _bytesByType = [];
    private volatile bool _recording;

    /// <summary>Starts recording.</summary>
    public void Start() => _recording = true;

    /// <summary>Stops recording and returns the types with the most bytes, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Stop(int count)
    {
        _recording = false;
        lock (_bytesByType)
        {
            return [.. _bytesByType.OrderByDescending(pair => pair.Value).Take(count).Select(pair => (pair.Key, pair.Value))];
        }
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GarbageCollectionKeyword);
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEvent || eventData.Payload is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames!.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        string type = typeIndex >= 0 ? eventData.Payload[typeIndex]?.ToString() ?? "?" : "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
