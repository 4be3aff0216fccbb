namespace MLEmbeddings.Kernels;

/// <summary>
/// A register-blocked SGEMM micro-kernel and the cache blocking tuned for it. The micro-kernel multiplies a
/// packed <see cref="TileRows"/> x depth panel of the left operand by a packed depth x <see cref="TileColumns"/>
/// panel of the right operand, keeping the whole <see cref="TileRows"/> x <see cref="TileColumns"/> result tile in
/// registers, then updates one tile of C.
/// </summary>
/// <remarks>
/// Implementations are structs so that <see cref="GemmDriver{TKernel}"/> is compiled once per kernel with the tile
/// and block sizes as constants and the micro-kernel inlined.
/// Packed layouts (see <see cref="GemmPacking"/>): a left panel holds, for each depth index <c>p</c>, the
/// <see cref="TileRows"/> values <c>op(A)[i, p]</c> one after another; a right panel holds, for each <c>p</c>, the
/// <see cref="TileColumns"/> values <c>op(B)[p, j]</c>. Both are 64-byte aligned and zero-padded to full tiles.
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile (the "mr" of BLIS): values of the left panel broadcast per depth step.</summary>
    static abstract int TileRows { get; }

    /// <summary>Columns of the register tile (the "nr" of BLIS): a whole number of vectors of the right panel per depth step.</summary>
    static abstract int TileColumns { get; }

    /// <summary>Depth of a packed block (the "kc" of BLIS): a right panel of this depth stays in the L1/L2 cache while the left panels stream past it.</summary>
    static abstract int DepthBlock { get; }

    /// <summary>Rows of a packed left block (the "mc" of BLIS), a multiple of <see cref="TileRows"/>: the block stays in the L2 cache.</summary>
    static abstract int RowBlock { get; }

    /// <summary>Columns of a packed right block (the "nc" of BLIS), a multiple of <see cref="TileColumns"/>: the block stays in the L3 cache.</summary>
    static abstract int ColumnBlock { get; }

    /// <summary>
    /// Computes one full tile: <c>C[i, j] = alpha * sum_p left[p * TileRows + i] * right[p * TileColumns + j] + beta * C[i, j]</c>
    /// for <c>i &lt; TileRows</c>, <c>j &lt; TileColumns</c>, summing <c>p</c> in increasing order. When <paramref name="beta"/>
    /// is 0 the old values of C are not read.
    /// </summary>
    /// <param name="depth">Number of depth steps, 1 or more.</param>
    /// <param name="left">Packed left panel, <c>depth * TileRows</c> values, 64-byte aligned.</param>
    /// <param name="right">Packed right panel, <c>depth * TileColumns</c> values, 64-byte aligned.</param>
    /// <param name="result">First value of the C tile.</param>
    /// <param name="resultStride">Distance between the starts of consecutive C rows, in values.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C values; 0 means they are ignored (even NaN).</param>
    static abstract unsafe void Multiply(int depth, float* left, float* right, float* result, nint resultStride, float alpha, float beta);
}
