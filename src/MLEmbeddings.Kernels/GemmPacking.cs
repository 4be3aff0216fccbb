using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Copies blocks of the GEMM operands into the contiguous, zero-padded panel layout the micro-kernels stream
/// (<see cref="IGemmMicroKernel"/>). Transposes are absorbed here, so the kernels only ever see one layout.
/// </summary>
/// <remarks>
/// Both operands are packed the same way, seen as a matrix <c>X[p, j]</c> indexed by depth <c>p</c> and by the
/// row of <c>op(A)</c> or column of <c>op(B)</c> <c>j</c>: panel <c>q</c> holds, for each <c>p</c>, the
/// <c>width</c> values <c>X[p, q * width + 0 .. width - 1]</c>, zero-filled past the last valid <c>j</c>.
/// For the left operand <c>X[p, i] = op(A)[i, p]</c>; for the right operand <c>X[p, j] = op(B)[p, j]</c>.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs <c>X[depthStart .. depthStart + depth, indexStart .. indexStart + count]</c> into
    /// <c>ceil(count / width)</c> panels of <c>depth * width</c> values placed one after another.
    /// </summary>
    /// <param name="source">The stored matrix.</param>
    /// <param name="stride">Row stride of the stored matrix, in values.</param>
    /// <param name="depthContiguous">
    /// True when the stored rows run along the depth (<c>X[p, j] = source[j * stride + p]</c>); false when they run
    /// along <c>j</c> (<c>X[p, j] = source[p * stride + j]</c>).
    /// </param>
    /// <param name="depthStart">First depth index.</param>
    /// <param name="depth">Number of depth indexes, 1 or more.</param>
    /// <param name="indexStart">First <c>j</c>.</param>
    /// <param name="count">Number of <c>j</c> values, 1 or more.</param>
    /// <param name="width">Panel width (the micro-kernel's tile rows or tile columns).</param>
    /// <param name="destination">Start of the first panel; room for <c>ceil(count / width) * depth * width</c> values.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pack(float* source, nint stride, bool depthContiguous, int depthStart, int depth, int indexStart, int count, int width, float* destination)
    {
        for (int panelStart = 0; panelStart < count; panelStart += width)
        {
            int valid = Math.Min(width, count - panelStart);
            float* panel = destination + ((nint)panelStart * depth);
            if (depthContiguous)
            {
                PackAcross(source + ((indexStart + panelStart) * stride) + depthStart, stride, depth, valid, width, panel);
            }
            else
            {
                PackAlong(source + ((depthStart * stride) + indexStart + panelStart), stride, depth, valid, width, panel);
            }
        }
    }

    /// <summary>One panel from stored rows that run along <c>j</c>: a straight copy of <paramref name="valid"/> values per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackAlong(float* source, nint stride, int depth, int valid, int width, float* panel)
    {
        if (valid == width)
        {
            // With the width a JIT-time constant (the call is inlined into the kernel's driver) this copy is unrolled into vector moves.
            for (int p = 0; p < depth; p++)
            {
                Unsafe.CopyBlockUnaligned(panel + ((nint)p * width), source + (p * stride), (uint)(width * sizeof(float)));
            }

            return;
        }

        for (int p = 0; p < depth; p++)
        {
            float* target = panel + ((nint)p * width);
            float* row = source + (p * stride);
            for (int j = 0; j < valid; j++)
            {
                target[j] = row[j];
            }

            for (int j = valid; j < width; j++)
            {
                target[j] = 0f;
            }
        }
    }

    /// <summary>
    /// One panel from stored rows that run along the depth: a transpose of <paramref name="valid"/> rows, written in
    /// panel order. The depth is walked in chunks of one cache line so that each source line is used up while it is
    /// in L1 (rows a power-of-two apart map to the same cache set, and 32 of them would evict each other); on x86 the
    /// rows are transposed four (or two) at a time in SSE registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackAcross(float* source, nint stride, int depth, int valid, int width, float* panel)
    {
        const int Chunk = 16;
        for (int chunkStart = 0; chunkStart < depth; chunkStart += Chunk)
        {
            int chunkEnd = Math.Min(chunkStart + Chunk, depth);
            int vectorEnd = chunkStart + ((chunkEnd - chunkStart) & ~3);
            int j = 0;
            if (Sse.IsSupported)
            {
                for (; j + 4 <= valid; j += 4)
                {
                    float* rows = source + (j * stride);
                    for (int p = chunkStart; p < vectorEnd; p += 4)
                    {
                        TransposeFour(rows + p, stride, panel + ((nint)p * width) + j, width);
                    }

                    CopyColumns(rows, stride, vectorEnd, chunkEnd, 4, width, panel + j);
                }

                for (; j + 2 <= valid; j += 2)
                {
                    float* rows = source + (j * stride);
                    for (int p = chunkStart; p < vectorEnd; p += 4)
                    {
                        TransposeTwo(rows + p, stride, panel + ((nint)p * width) + j, width);
                    }

                    CopyColumns(rows, stride, vectorEnd, chunkEnd, 2, width, panel + j);
                }
            }

            CopyColumns(source + (j * stride), stride, chunkStart, chunkEnd, valid - j, width, panel + j);
            for (int p = chunkStart; valid < width && p < chunkEnd; p++)
            {
                new Span<float>(panel + ((nint)p * width) + valid, width - valid).Clear();
            }
        }
    }

    /// <summary>Scalar transpose of <paramref name="count"/> rows over depth steps <c>[from, to)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyColumns(float* rows, nint stride, int from, int to, int count, int width, float* panel)
    {
        for (int j = 0; j < count; j++)
        {
            float* row = rows + (j * stride);
            for (int p = from; p < to; p++)
            {
                panel[((nint)p * width) + j] = row[p];
            }
        }
    }

    /// <summary>Transposes 4 rows x 4 depth steps: four loads, eight shuffles, four stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeFour(float* rows, nint stride, float* target, int width)
    {
        Vector128<float> row0 = Sse.LoadVector128(rows);
        Vector128<float> row1 = Sse.LoadVector128(rows + stride);
        Vector128<float> row2 = Sse.LoadVector128(rows + (2 * stride));
        Vector128<float> row3 = Sse.LoadVector128(rows + (3 * stride));
        Vector128<float> low01 = Sse.UnpackLow(row0, row1);
        Vector128<float> high01 = Sse.UnpackHigh(row0, row1);
        Vector128<float> low23 = Sse.UnpackLow(row2, row3);
        Vector128<float> high23 = Sse.UnpackHigh(row2, row3);
        Sse.Store(target, Sse.MoveLowToHigh(low01, low23));
        Sse.Store(target + width, Sse.MoveHighToLow(low23, low01));
        Sse.Store(target + (2 * width), Sse.MoveLowToHigh(high01, high23));
        Sse.Store(target + (3 * width), Sse.MoveHighToLow(high23, high01));
    }

    /// <summary>Transposes 2 rows x 4 depth steps: two loads, two shuffles, four 8-byte stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeTwo(float* rows, nint stride, float* target, int width)
    {
        Vector128<float> row0 = Sse.LoadVector128(rows);
        Vector128<float> row1 = Sse.LoadVector128(rows + stride);
        Vector128<float> low = Sse.UnpackLow(row0, row1);
        Vector128<float> high = Sse.UnpackHigh(row0, row1);
        Sse.StoreLow(target, low);
        Sse.StoreHigh(target + width, low);
        Sse.StoreLow(target + (2 * width), high);
        Sse.StoreHigh(target + (3 * width), high);
    }
}
