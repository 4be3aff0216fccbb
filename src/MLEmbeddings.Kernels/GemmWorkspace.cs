namespace MLEmbeddings.Kernels;

/// <summary>
/// The packing buffers of one thread: aligned regions of pinned arrays (<see cref="PinnedBuffer"/>) allocated once and
/// kept for the thread's lifetime, growing only when a larger block is needed, so steady-state GEMM calls allocate
/// nothing. The garbage collector frees them with the thread.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic]
    private static GemmWorkspace? current;

    private float[] _left = [];
    private float[] _right = [];
    private float[] _tile = [];

    /// <summary>The workspace of the calling thread; it must not be handed to another thread.</summary>
    public static GemmWorkspace ForCurrentThread => current ??= new GemmWorkspace();

    /// <summary>An aligned buffer of at least <paramref name="length"/> values for a packed left block (contents undefined).</summary>
    public float* Left(int length) => Reserve(ref _left, length);

    /// <summary>An aligned buffer of at least <paramref name="length"/> values for a packed right block (contents undefined).</summary>
    public float* Right(int length) => Reserve(ref _right, length);

    /// <summary>An aligned buffer of at least <paramref name="length"/> values for one edge tile of C (contents undefined).</summary>
    public float* Tile(int length) => Reserve(ref _tile, length);

    private static float* Reserve(ref float[] buffer, int length)
    {
        if (PinnedBuffer.Capacity(buffer) < length)
        {
            buffer = PinnedBuffer.Allocate(length);
        }

        return PinnedBuffer.Start(buffer);
    }
}
