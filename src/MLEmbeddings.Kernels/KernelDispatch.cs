using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Chooses the vector width kernels run with: the widest accelerated width of this CPU, unless a test or
/// benchmark forces another for the current asynchronous flow (which includes the tasks it starts, so
/// <c>Parallel.For</c> workers see the forced width too).
/// </summary>
public static class KernelDispatch
{
    private static readonly AsyncLocal<VectorWidth?> Forced = new();

    /// <summary>The widest vector width this CPU accelerates (never forced).</summary>
    public static VectorWidth HardwareWidth { get; } =
        Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;

    /// <summary>The width kernels use now: the forced width if one is set for this flow, else <see cref="HardwareWidth"/>.</summary>
    public static VectorWidth Width => Forced.Value ?? HardwareWidth;

    /// <summary>
    /// Forces <paramref name="width"/> for the current asynchronous flow until the returned scope is disposed.
    /// A width wider than the hardware's still runs (in software emulation), which is how the tests exercise
    /// every code path on any machine.
    /// </summary>
    internal static IDisposable Force(VectorWidth width)
    {
        VectorWidth? previous = Forced.Value;
        Forced.Value = width;
        return new Scope(previous);
    }

    private sealed class Scope(VectorWidth? previous) : IDisposable
    {
        public void Dispose() => Forced.Value = previous;
    }
}
