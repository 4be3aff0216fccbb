using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Float arrays on the pinned object heap with a 64-byte aligned start inside them: the storage of packed GEMM
/// panels. The garbage collector never moves them and frees them when their owner is gone; an owner that hands out
/// the pointer keeps itself alive (<see cref="GC.KeepAlive(object)"/>) while it is in use.
/// </summary>
internal static unsafe class PinnedBuffer
{
    private const int AlignmentInBytes = 64;

    /// <summary>Largest number of values an aligned buffer can hold.</summary>
    public static int MaximumLength => Array.MaxLength - (AlignmentInBytes / sizeof(float));

    /// <summary>Allocates a pinned array with room for <paramref name="length"/> values after its aligned start (contents undefined).</summary>
    /// <param name="length">Values needed, 0 to <see cref="MaximumLength"/>.</param>
    public static float[] Allocate(int length)
        => GC.AllocateUninitializedArray<float>(length + (AlignmentInBytes / sizeof(float)), pinned: true);

    /// <summary>The first 64-byte aligned value of an array made by <see cref="Allocate"/>.</summary>
    public static float* Start(float[] buffer)
    {
        const nuint mask = AlignmentInBytes - 1;
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((address + mask) & ~mask);
    }

    /// <summary>Values available after the aligned start of <paramref name="buffer"/>.</summary>
    public static int Capacity(float[] buffer) => Math.Max(buffer.Length - (AlignmentInBytes / sizeof(float)), 0);
}
