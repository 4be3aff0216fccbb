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

    // Number of Force scopes not yet disposed: while it is 0, Width skips the AsyncLocal read (~3 ns per call).
    private static int s_openScopes;

    /// <summary>The widest vector width this CPU accelerates (never forced).</summary>
    public static VectorWidth HardwareWidth { get; } =
        Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;

    /// <summary>The width kernels use now: the forced width if one is set for this flow, else <see cref="HardwareWidth"/>.</summary>
    public static VectorWidth Width => Volatile.Read(ref s_openScopes) == 0 ? HardwareWidth : Forced.Value ?? HardwareWidth;

    /// <summary>
    /// Forces <paramref name="width"/> for the current asynchronous flow until the returned scope is disposed.
    /// A width wider than the hardware's still runs (in software emulation), which is how the tests exercise
    /// every code path on any machine. Work started inside the scope must finish before it is disposed: once no
    /// scope is open anywhere, every flow sees <see cref="HardwareWidth"/>.
    /// </summary>
    internal static IDisposable Force(VectorWidth width)
    {
        VectorWidth? previous = Forced.Value;
        Interlocked.Increment(ref s_openScopes);
        Forced.Value = width;
        return new Scope(previous);
    }

    private sealed class Scope(VectorWidth? previous) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Forced.Value = previous;
                Interlocked.Decrement(ref s_openScopes);
            }
        }
    }
}
