using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Multiply-adds on short rows (a few to a few hundred values, such as the <c>r</c> coefficients of a factor row),
/// the inner loops of the sparse products. A row is covered by full vectors of the widest allowed width, then the
/// narrower widths, then single values, so a length such as 20 takes one 16-lane and one 4-lane step instead of a
/// scalar tail of 4.
/// </summary>
internal static class ShortRowOperations
{
    /// <summary><c>destination = sum_p values[p] * rows.Row(columns[p])</c> (overwrites <paramref name="destination"/>; zero when there are no entries).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CombineRows(VectorWidth width, ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlyMatrixView rows, Span<float> destination)
    {
        int length = destination.Length;
        ref float rowsStart = ref MemoryMarshal.GetReference(rows.Data.Span);
        ref float target = ref MemoryMarshal.GetReference(destination);
        int offset = 0;
        if (width >= VectorWidth.Vector512)
        {
            for (; offset <= length - Vector512<float>.Count; offset += Vector512<float>.Count)
            {
                CombineChunk<Simd512Operations, Vector512<float>>(columns, values, ref rowsStart, rows.RowStride, offset, ref target);
            }
        }

        if (width >= VectorWidth.Vector256)
        {
            for (; offset <= length - Vector256<float>.Count; offset += Vector256<float>.Count)
            {
                CombineChunk<Simd256Operations, Vector256<float>>(columns, values, ref rowsStart, rows.RowStride, offset, ref target);
            }
        }

        if (width >= VectorWidth.Vector128)
        {
            for (; offset <= length - Vector128<float>.Count; offset += Vector128<float>.Count)
            {
                CombineChunk<Simd128Operations, Vector128<float>>(columns, values, ref rowsStart, rows.RowStride, offset, ref target);
            }
        }

        for (; offset < length; offset++)
        {
            float sum = 0f;
            for (int p = 0; p < columns.Length; p++)
            {
                sum += values[p] * Unsafe.Add(ref rowsStart, (columns[p] * rows.RowStride) + offset);
            }

            destination[offset] = sum;
        }
    }

    /// <summary><c>destination += scale * source</c> (same lengths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(VectorWidth width, float scale, ReadOnlySpan<float> source, Span<float> destination)
    {
        int length = destination.Length;
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int offset = 0;
        if (width >= VectorWidth.Vector512)
        {
            offset = MultiplyAddChunks<Simd512Operations, Vector512<float>>(scale, ref from, ref to, offset, length);
        }

        if (width >= VectorWidth.Vector256)
        {
            offset = MultiplyAddChunks<Simd256Operations, Vector256<float>>(scale, ref from, ref to, offset, length);
        }

        if (width >= VectorWidth.Vector128)
        {
            offset = MultiplyAddChunks<Simd128Operations, Vector128<float>>(scale, ref from, ref to, offset, length);
        }

        for (; offset < length; offset++)
        {
            destination[offset] += scale * source[offset];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CombineChunk<TSimd, TVector>(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ref float rows, int rowStride, int offset, ref float destination)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        TVector sum0 = TSimd.Zero;
        TVector sum1 = TSimd.Zero;
        int p = 0;
        for (; p <= columns.Length - 2; p += 2)
        {
            sum0 = TSimd.MultiplyAdd(TSimd.Broadcast(values[p]), TSimd.Load(ref Unsafe.Add(ref rows, (columns[p] * rowStride) + offset)), sum0);
            sum1 = TSimd.MultiplyAdd(TSimd.Broadcast(values[p + 1]), TSimd.Load(ref Unsafe.Add(ref rows, (columns[p + 1] * rowStride) + offset)), sum1);
        }

        if (p < columns.Length)
        {
            sum0 = TSimd.MultiplyAdd(TSimd.Broadcast(values[p]), TSimd.Load(ref Unsafe.Add(ref rows, (columns[p] * rowStride) + offset)), sum0);
        }

        TSimd.Store(TSimd.Add(sum0, sum1), ref Unsafe.Add(ref destination, offset));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MultiplyAddChunks<TSimd, TVector>(float scale, ref float source, ref float destination, int offset, int length)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        TVector factor = TSimd.Broadcast(scale);
        for (; offset <= length - TSimd.Count; offset += TSimd.Count)
        {
            ref float target = ref Unsafe.Add(ref destination, offset);
            TSimd.Store(TSimd.MultiplyAdd(factor, TSimd.Load(ref Unsafe.Add(ref source, offset)), TSimd.Load(ref target)), ref target);
        }

        return offset;
    }
}
