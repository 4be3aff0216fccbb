using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The distance kernel of 1-bit binary codes: the Hamming distance <c>popcount(x XOR y)</c>, the number of bits in
/// which two codes (packed 64 per <see cref="ulong"/>) differ (faiss <c>IndexBinaryFlat</c>).
/// </summary>
/// <remarks>
/// The width is chosen by <see cref="KernelDispatch.Width"/>. The vector paths XOR 2 / 4 / 8 words at a time and count
/// the bits of each 64-bit lane with the branch-free SWAR reduction (pairs, nibbles, bytes, then a byte sum), summing
/// lanes in a vector accumulator; the scalar path, which also finishes the words past the last full vector, uses the
/// processor's population count instruction. All paths are exact, so every width returns the same integer.
/// </remarks>
public static class HammingDistance
{
    /// <summary>The number of differing bits of two codes of the same length.</summary>
    /// <param name="x">First code, 64 bits per word.</param>
    /// <param name="y">Second code, the same number of words as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static int Distance(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        MatrixShape.RequireSameLength(nameof(y), y.Length, x.Length);
        return Distance(KernelDispatch.Width, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>
    /// The Hamming distance of <paramref name="query"/> to each of a block of codes stored back to back:
    /// <c>result[r] = popcount(query XOR codes[r * query.Length .. (r + 1) * query.Length))</c>.
    /// </summary>
    /// <param name="query">The query code.</param>
    /// <param name="codes">Exactly <c>result.Length * query.Length</c> words.</param>
    /// <param name="result">One distance per code.</param>
    /// <exception cref="ArgumentException"><paramref name="codes"/> has the wrong length.</exception>
    public static void Distances(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> codes, Span<int> result)
    {
        SpanLengthCheck.Require(nameof(codes), codes.Length, (long)result.Length * query.Length, "result.Length * query.Length");
        VectorWidth width = KernelDispatch.Width;
        ref ulong q = ref MemoryMarshal.GetReference(query);
        ref ulong start = ref MemoryMarshal.GetReference(codes);
        for (int r = 0; r < result.Length; r++)
        {
            result[r] = Distance(width, ref q, ref Unsafe.Add(ref start, (nint)r * query.Length), query.Length);
        }
    }

    /// <summary>The Hamming distance of two codes of <paramref name="words"/> words with the given width (no checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Distance(VectorWidth width, ref ulong x, ref ulong y, int words)
    {
        if (width >= VectorWidth.Vector512 && words >= Vector512<ulong>.Count)
        {
            return Distance512(ref x, ref y, words);
        }

        if (width >= VectorWidth.Vector256 && words >= Vector256<ulong>.Count)
        {
            return Distance256(ref x, ref y, words);
        }

        if (width >= VectorWidth.Vector128 && words >= Vector128<ulong>.Count)
        {
            return Distance128(ref x, ref y, words);
        }

        return ScalarTail(ref x, ref y, 0, words, 0);
    }

    private static int ScalarTail(ref ulong x, ref ulong y, int start, int words, int sum)
    {
        for (int i = start; i < words; i++)
        {
            sum += BitOperations.PopCount(Unsafe.Add(ref x, i) ^ Unsafe.Add(ref y, i));
        }

        return sum;
    }

    private static int Distance512(ref ulong x, ref ulong y, int words)
    {
        Vector512<ulong> sum = Vector512<ulong>.Zero;
        int i = 0;
        for (; i <= words - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
        {
            Vector512<ulong> v = Vector512.LoadUnsafe(ref Unsafe.Add(ref x, i)) ^ Vector512.LoadUnsafe(ref Unsafe.Add(ref y, i));
            v -= Vector512.ShiftRightLogical(v, 1) & Vector512.Create(0x5555555555555555UL);
            v = (v & Vector512.Create(0x3333333333333333UL)) + (Vector512.ShiftRightLogical(v, 2) & Vector512.Create(0x3333333333333333UL));
            v = (v + Vector512.ShiftRightLogical(v, 4)) & Vector512.Create(0x0F0F0F0F0F0F0F0FUL);
            v += Vector512.ShiftRightLogical(v, 8);
            v += Vector512.ShiftRightLogical(v, 16);
            v += Vector512.ShiftRightLogical(v, 32);
            sum += v & Vector512.Create(0x7FUL);
        }

        return ScalarTail(ref x, ref y, i, words, (int)Vector512.Sum(sum));
    }

    private static int Distance256(ref ulong x, ref ulong y, int words)
    {
        Vector256<ulong> sum = Vector256<ulong>.Zero;
        int i = 0;
        for (; i <= words - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
        {
            Vector256<ulong> v = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, i)) ^ Vector256.LoadUnsafe(ref Unsafe.Add(ref y, i));
            v -= Vector256.ShiftRightLogical(v, 1) & Vector256.Create(0x5555555555555555UL);
            v = (v & Vector256.Create(0x3333333333333333UL)) + (Vector256.ShiftRightLogical(v, 2) & Vector256.Create(0x3333333333333333UL));
            v = (v + Vector256.ShiftRightLogical(v, 4)) & Vector256.Create(0x0F0F0F0F0F0F0F0FUL);
            v += Vector256.ShiftRightLogical(v, 8);
            v += Vector256.ShiftRightLogical(v, 16);
            v += Vector256.ShiftRightLogical(v, 32);
            sum += v & Vector256.Create(0x7FUL);
        }

        return ScalarTail(ref x, ref y, i, words, (int)Vector256.Sum(sum));
    }

    private static int Distance128(ref ulong x, ref ulong y, int words)
    {
        Vector128<ulong> sum = Vector128<ulong>.Zero;
        int i = 0;
        for (; i <= words - Vector128<ulong>.Count; i += Vector128<ulong>.Count)
        {
            Vector128<ulong> v = Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i)) ^ Vector128.LoadUnsafe(ref Unsafe.Add(ref y, i));
            v -= Vector128.ShiftRightLogical(v, 1) & Vector128.Create(0x5555555555555555UL);
            v = (v & Vector128.Create(0x3333333333333333UL)) + (Vector128.ShiftRightLogical(v, 2) & Vector128.Create(0x3333333333333333UL));
            v = (v + Vector128.ShiftRightLogical(v, 4)) & Vector128.Create(0x0F0F0F0F0F0F0F0FUL);
            v += Vector128.ShiftRightLogical(v, 8);
            v += Vector128.ShiftRightLogical(v, 16);
            v += Vector128.ShiftRightLogical(v, 32);
            sum += v & Vector128.Create(0x7FUL);
        }

        return ScalarTail(ref x, ref y, i, words, (int)Vector128.Sum(sum));
    }
}
