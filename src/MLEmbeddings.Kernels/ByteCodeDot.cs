using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The distance kernel of int8 scalar quantization: the dot product <c>sum_i w[i] * c[i]</c> of a float weight vector
/// with unsigned 8-bit codes <c>c[i]</c> in <c>[0, 255]</c>. With per-dimension ranges, a stored vector is decoded as
/// <c>x[i] = min[i] + scale[i] * c[i]</c>; folding <c>scale</c> into the query (<c>w = q * scale</c>) turns the inner
/// product <c>q . x</c> into <c>q . min + w . c</c> and the squared distance into
/// <c>||q||^2 - 2 q . x + ||x||^2</c>, so one kernel serves both metrics (the asymmetric distance of faiss
/// <c>IndexScalarQuantizer</c>: the query stays in float, only the stored vectors are quantized).
/// </summary>
/// <remarks>
/// The width is chosen by <see cref="KernelDispatch.Width"/>: each step widens 4 / 8 / 16 codes to float and fuses a
/// multiply-add into one of four accumulators; the codes past the last full vector are summed by the scalar loop.
/// Sums are accumulated in <see cref="float"/>; their rounding depends on the width.
/// </remarks>
public static class ByteCodeDot
{
    /// <summary>The dot product <c>sum_i weights[i] * codes[i]</c> (0 for empty spans).</summary>
    /// <param name="weights">Float weights.</param>
    /// <param name="codes">Unsigned 8-bit codes, the same length as <paramref name="weights"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> weights, ReadOnlySpan<byte> codes)
    {
        MatrixShape.RequireSameLength(nameof(codes), codes.Length, weights.Length);
        return Dot(KernelDispatch.Width, ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(codes), weights.Length);
    }

    /// <summary>
    /// The dot product of <paramref name="weights"/> with each of a block of codes stored back to back:
    /// <c>result[r] = sum_i weights[i] * codes[r * codeStride + i]</c>.
    /// </summary>
    /// <param name="weights">Float weights, one per code byte.</param>
    /// <param name="codes">The codes, <c>result.Length</c> rows of <paramref name="codeStride"/> bytes (the last row may end after <c>weights.Length</c> bytes).</param>
    /// <param name="codeStride">Bytes between the starts of consecutive codes, at least <c>weights.Length</c>.</param>
    /// <param name="result">One value per code.</param>
    /// <exception cref="ArgumentException">The stride is smaller than the weight count or <paramref name="codes"/> is too short.</exception>
    public static void Dot(ReadOnlySpan<float> weights, ReadOnlySpan<byte> codes, int codeStride, Span<float> result)
    {
        if (codeStride < weights.Length)
        {
            throw new ArgumentException($"'{nameof(codeStride)}' is {codeStride}; expected at least {weights.Length} (the number of weights).", nameof(codeStride));
        }

        long needed = result.Length == 0 ? 0 : ((long)(result.Length - 1) * codeStride) + weights.Length;
        if (codes.Length < needed)
        {
            throw new ArgumentException($"'{nameof(codes)}' has {codes.Length} bytes; expected at least {needed} ({result.Length} codes of stride {codeStride}).", nameof(codes));
        }

        VectorWidth width = KernelDispatch.Width;
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref byte start = ref MemoryMarshal.GetReference(codes);
        for (int r = 0; r < result.Length; r++)
        {
            result[r] = Dot(width, ref w, ref Unsafe.Add(ref start, (nint)r * codeStride), weights.Length);
        }
    }

    /// <summary>The dot product of <paramref name="length"/> weights and codes with the given width (no checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot(VectorWidth width, ref float weights, ref byte codes, int length)
    {
        if (width >= VectorWidth.Vector512 && length >= Vector512<float>.Count)
        {
            return Dot512(ref weights, ref codes, length);
        }

        if (width >= VectorWidth.Vector256 && length >= Vector256<float>.Count)
        {
            return Dot256(ref weights, ref codes, length);
        }

        if (width >= VectorWidth.Vector128 && length >= Vector128<float>.Count)
        {
            return Dot128(ref weights, ref codes, length);
        }

        return ScalarTail(ref weights, ref codes, 0, length, 0f);
    }

    private static float ScalarTail(ref float weights, ref byte codes, int start, int length, float sum)
    {
        for (int i = start; i < length; i++)
        {
            sum += Unsafe.Add(ref weights, i) * Unsafe.Add(ref codes, i);
        }

        return sum;
    }

    private static float Dot512(ref float weights, ref byte codes, int length)
    {
        const int Count = 16;
        Vector512<float> sum0 = Vector512<float>.Zero;
        Vector512<float> sum1 = Vector512<float>.Zero;
        Vector512<float> sum2 = Vector512<float>.Zero;
        Vector512<float> sum3 = Vector512<float>.Zero;
        int i = 0;
        for (; i <= length - (4 * Count); i += 4 * Count)
        {
            sum0 = MultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen512(ref Unsafe.Add(ref codes, i)), sum0);
            sum1 = MultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref weights, i + Count)), Widen512(ref Unsafe.Add(ref codes, i + Count)), sum1);
            sum2 = MultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref weights, i + (2 * Count))), Widen512(ref Unsafe.Add(ref codes, i + (2 * Count))), sum2);
            sum3 = MultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref weights, i + (3 * Count))), Widen512(ref Unsafe.Add(ref codes, i + (3 * Count))), sum3);
        }

        for (; i <= length - Count; i += Count)
        {
            sum0 = MultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen512(ref Unsafe.Add(ref codes, i)), sum0);
        }

        return ScalarTail(ref weights, ref codes, i, length, Vector512.Sum((sum0 + sum1) + (sum2 + sum3)));
    }

    private static float Dot256(ref float weights, ref byte codes, int length)
    {
        const int Count = 8;
        Vector256<float> sum0 = Vector256<float>.Zero;
        Vector256<float> sum1 = Vector256<float>.Zero;
        Vector256<float> sum2 = Vector256<float>.Zero;
        Vector256<float> sum3 = Vector256<float>.Zero;
        int i = 0;
        for (; i <= length - (4 * Count); i += 4 * Count)
        {
            sum0 = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen256(ref Unsafe.Add(ref codes, i)), sum0);
            sum1 = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref weights, i + Count)), Widen256(ref Unsafe.Add(ref codes, i + Count)), sum1);
            sum2 = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref weights, i + (2 * Count))), Widen256(ref Unsafe.Add(ref codes, i + (2 * Count))), sum2);
            sum3 = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref weights, i + (3 * Count))), Widen256(ref Unsafe.Add(ref codes, i + (3 * Count))), sum3);
        }

        for (; i <= length - Count; i += Count)
        {
            sum0 = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen256(ref Unsafe.Add(ref codes, i)), sum0);
        }

        return ScalarTail(ref weights, ref codes, i, length, Vector256.Sum((sum0 + sum1) + (sum2 + sum3)));
    }

    private static float Dot128(ref float weights, ref byte codes, int length)
    {
        const int Count = 4;
        Vector128<float> sum0 = Vector128<float>.Zero;
        Vector128<float> sum1 = Vector128<float>.Zero;
        int i = 0;
        for (; i <= length - (2 * Count); i += 2 * Count)
        {
            sum0 = MultiplyAdd(Vector128.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen128(ref Unsafe.Add(ref codes, i)), sum0);
            sum1 = MultiplyAdd(Vector128.LoadUnsafe(ref Unsafe.Add(ref weights, i + Count)), Widen128(ref Unsafe.Add(ref codes, i + Count)), sum1);
        }

        for (; i <= length - Count; i += Count)
        {
            sum0 = MultiplyAdd(Vector128.LoadUnsafe(ref Unsafe.Add(ref weights, i)), Widen128(ref Unsafe.Add(ref codes, i)), sum0);
        }

        return ScalarTail(ref weights, ref codes, i, length, Vector128.Sum(sum0 + sum1));
    }

    // 16 codes -> 16 floats (vpmovzxbd + vcvtdq2ps where AVX-512 is there; portable widening otherwise).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen512(ref byte codes)
    {
        Vector128<byte> bytes = Vector128.LoadUnsafe(ref codes);
        if (Avx512F.IsSupported)
        {
            return Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes));
        }

        (Vector128<ushort> lower, Vector128<ushort> upper) = Vector128.Widen(bytes);
        (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(lower);
        (Vector128<uint> c, Vector128<uint> d) = Vector128.Widen(upper);
        return Vector512.ConvertToSingle(Vector512.Create(Vector256.Create(a, b), Vector256.Create(c, d)).AsInt32());
    }

    // 8 codes (one 64-bit load) -> 8 floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen256(ref byte codes)
    {
        Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref codes)).AsByte();
        if (Avx2.IsSupported)
        {
            return Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
        }

        (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(Vector128.WidenLower(bytes));
        return Vector256.ConvertToSingle(Vector256.Create(a, b).AsInt32());
    }

    // 4 codes (one 32-bit load) -> 4 floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Widen128(ref byte codes)
    {
        Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref codes)).AsByte();
        if (Sse41.IsSupported)
        {
            return Sse2.ConvertToVector128Single(Sse41.ConvertToVector128Int32(bytes));
        }

        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> sum)
        => Avx512F.IsSupported ? Vector512.FusedMultiplyAdd(x, y, sum) : (x * y) + sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> sum)
        => Fma.IsSupported ? Vector256.FusedMultiplyAdd(x, y, sum) : (x * y) + sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> sum)
        => Fma.IsSupported ? Vector128.FusedMultiplyAdd(x, y, sum) : (x * y) + sum;
}
