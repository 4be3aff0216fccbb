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
    private static void PackAlong(float* source, nint stride, int depth, int valid, int width, float* panel)
    {
        for (int p = 0; p < depth; p++)
        {
            var target = new Span<float>(panel + ((nint)p * width), width);
            new ReadOnlySpan<float>(source + (p * stride), valid).CopyTo(target);
            target[valid..].Clear();
        }
    }

    /// <summary>One panel from stored rows that run along the depth: a transpose of <paramref name="valid"/> rows.</summary>
    private static void PackAcross(float* source, nint stride, int depth, int valid, int width, float* panel)
    {
        for (int j = 0; j < valid; j++)
        {
            float* row = source + (j * stride);
            float* column = panel + j;
            for (int p = 0; p < depth; p++)
            {
                column[(nint)p * width] = row[p];
            }
        }

        for (int j = valid; j < width; j++)
        {
            for (int p = 0; p < depth; p++)
            {
                panel[((nint)p * width) + j] = 0f;
            }
        }
    }
}
