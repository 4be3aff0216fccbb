using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Neighbors;

/// <summary>A pinned float array and the index of its first 64-byte-aligned element, where row 0 of a store starts.</summary>
/// <param name="Values">The pinned array.</param>
/// <param name="Start">The aligned start index.</param>
internal sealed record AlignedBlock(float[] Values, int Start)
{
    /// <summary>A reference to value 0 of the row starting <paramref name="offset"/> values after <see cref="Start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float At(nint offset) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), Start + offset);
}
