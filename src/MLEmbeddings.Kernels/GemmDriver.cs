using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The BLIS/GotoBLAS-style blocked SGEMM for one micro-kernel: for each block of <see cref="IGemmMicroKernel.ColumnBlock"/>
/// columns and <see cref="IGemmMicroKernel.DepthBlock"/> depth steps the right operand is packed once; for each block
/// of <see cref="IGemmMicroKernel.RowBlock"/> rows the left operand is packed and multiplied against every right panel
/// by the register-tiled micro-kernel.
/// </summary>
/// <remarks>
/// Every element of C is accumulated in the same order whatever the split across threads: depth blocks in
/// increasing order, each summed in increasing depth order in one register lane, then added to C with the same
/// instructions (edge tiles go through a temporary tile and the very same micro-kernel). So results are
/// bit-identical for any thread count and any block split; the split only balances the load.
/// </remarks>
/// <typeparam name="TKernel">The micro-kernel, which also fixes the tile and block sizes.</typeparam>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>
    /// Computes the whole problem, split into one block of C per thread. Each block packs its share of one operand
    /// and all of the other, so the split runs across the operand that is dearer to pack (a transposing pack costs
    /// about twice a straight copy), and the cheaper one is packed again by every thread.
    /// </summary>
    /// <param name="problem">A validated problem with m, n, k all at least 1.</param>
    /// <param name="degreeOfParallelism">Most threads to use, 1 or more.</param>
    public static void Multiply(in GemmProblem problem, int degreeOfParallelism)
    {
        int rows = problem.Rows;
        int columns = problem.Columns;
        int rowTiles = (rows + TKernel.TileRows - 1) / TKernel.TileRows;
        int columnTiles = (columns + TKernel.TileColumns - 1) / TKernel.TileColumns;
        long leftCost = (long)rows * (problem.TransposeLeft ? 1 : 2);
        long rightCost = (long)columns * (problem.TransposeRight ? 2 : 1);
        bool splitColumns = leftCost <= rightCost;
        if ((splitColumns ? columnTiles : rowTiles) < Math.Min(degreeOfParallelism, Math.Max(rowTiles, columnTiles)))
        {
            // Too few tiles across the preferred side to keep every thread busy; the other side has more.
            splitColumns = !splitColumns;
        }

        int unit = splitColumns ? TKernel.TileColumns : TKernel.TileRows;
        int tiles = splitColumns ? columnTiles : rowTiles;
        int length = splitColumns ? columns : rows;
        int parts = !problem.IsWorthSplitting ? 1 : Math.Min(degreeOfParallelism, tiles);
        if (parts <= 1)
        {
            MultiplyRange(problem, 0, rows, 0, columns);
            return;
        }

        // Part boundaries fall on whole tiles, so only the last part has edge tiles.
        int partLength = (tiles + parts - 1) / parts * unit;
        MultiplyInParallel(problem, splitColumns, partLength, (length + partLength - 1) / partLength, degreeOfParallelism);
    }

    /// <summary>Runs the parts of a split on up to <paramref name="degreeOfParallelism"/> threads (kept apart from <see cref="Multiply"/> so the single-thread path allocates no closure).</summary>
    private static void MultiplyInParallel(GemmProblem problem, bool splitColumns, int partLength, int parts, int degreeOfParallelism)
    {
        int length = splitColumns ? problem.Columns : problem.Rows;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism }, part =>
        {
            int start = part * partLength;
            int count = Math.Min(partLength, length - start);
            if (splitColumns)
            {
                MultiplyRange(problem, 0, problem.Rows, start, count);
            }
            else
            {
                MultiplyRange(problem, start, count, 0, problem.Columns);
            }
        });
    }

    /// <summary>Computes the block <c>C[rowStart .. rowStart + rowCount, columnStart .. columnStart + columnCount]</c> on the calling thread.</summary>
    public static void MultiplyRange(in GemmProblem problem, int rowStart, int rowCount, int columnStart, int columnCount)
    {
        nint resultStride = problem.Result.RowStride;
        fixed (float* left = problem.Left.Data.Span)
        fixed (float* right = problem.Right.Data.Span)
        fixed (float* result = problem.Result.Data.Span)
        {
            MultiplyBlocked(
                left, problem.Left.RowStride, !problem.TransposeLeft, rowStart, rowCount, problem.Depth,
                right, problem.Right.RowStride, problem.TransposeRight, null, columnStart, columnCount,
                result + (rowStart * resultStride) + columnStart, resultStride, problem.Alpha, problem.Beta);
        }
    }

    /// <summary>
    /// Computes <c>C = alpha * A * B[columnStart .. columnStart + columnCount]^T + beta * C</c> on the calling thread,
    /// with <c>B</c> already packed by <see cref="Pack"/>.
    /// </summary>
    /// <param name="left">A, <c>m x k</c>, m and k at least 1.</param>
    /// <param name="packedRight">The panels of B (<c>n x k</c>) packed over the full depth.</param>
    /// <param name="columnStart">First row of B used.</param>
    /// <param name="columnCount">Number of rows of B used (columns of C), 1 or more.</param>
    /// <param name="result">C, <c>m x columnCount</c>.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C; 0 ignores it.</param>
    public static void MultiplyPrepacked(ReadOnlyMatrixView left, float* packedRight, int columnStart, int columnCount, MatrixView result, float alpha, float beta)
    {
        fixed (float* leftValues = left.Data.Span)
        fixed (float* resultValues = result.Data.Span)
        {
            MultiplyBlocked(
                leftValues, left.RowStride, true, 0, left.Rows, left.Columns,
                null, 0, false, packedRight, columnStart, columnCount,
                resultValues, result.RowStride, alpha, beta);
        }
    }

    /// <summary>
    /// Packs all of <c>B^T</c> (B stored as <c>n x k</c> rows) into full-depth panels: panel <c>q</c> holds columns
    /// <c>q * TileColumns ..</c> and starts at value <c>q * k * TileColumns</c>; the layout <see cref="MultiplyPrepacked"/> reads.
    /// </summary>
    /// <param name="rows">B, <c>n x k</c>, n and k at least 1.</param>
    /// <param name="destination">Room for <see cref="PackedLength"/> values, 64-byte aligned.</param>
    public static void Pack(ReadOnlyMatrixView rows, float* destination)
    {
        fixed (float* values = rows.Data.Span)
        {
            GemmPacking.Pack(values, rows.RowStride, true, 0, rows.Columns, 0, rows.Rows, TKernel.TileColumns, destination);
        }
    }

    /// <summary>Values needed by <see cref="Pack"/> for <paramref name="rows"/> rows of <paramref name="depth"/> values.</summary>
    public static long PackedLength(int rows, int depth)
        => (long)((rows + TKernel.TileColumns - 1) / TKernel.TileColumns) * TKernel.TileColumns * depth;

    /// <summary>
    /// The blocked loops shared by the ordinary and the prepacked products, over rows <c>[rowStart, rowStart + rowCount)</c>
    /// of <c>op(A)</c> and columns <c>[columnStart, columnStart + columnCount)</c> of <c>op(B)</c>.
    /// </summary>
    /// <param name="left">The stored A.</param>
    /// <param name="leftStride">Row stride of A.</param>
    /// <param name="leftDepthContiguous">True when A's stored rows run along the depth (A not transposed).</param>
    /// <param name="rowStart">First row of <c>op(A)</c>.</param>
    /// <param name="rowCount">Rows of <c>op(A)</c> to use, 1 or more.</param>
    /// <param name="depth">The inner dimension k, 1 or more.</param>
    /// <param name="right">The stored B, when <paramref name="prepackedRight"/> is null.</param>
    /// <param name="rightStride">Row stride of B.</param>
    /// <param name="rightDepthContiguous">True when B's stored rows run along the depth (B transposed).</param>
    /// <param name="prepackedRight">Full-depth panels from <see cref="Pack"/>, or null to pack blocks of <paramref name="right"/> here.</param>
    /// <param name="columnStart">First column of <c>op(B)</c>.</param>
    /// <param name="columnCount">Columns of <c>op(B)</c> to use, 1 or more.</param>
    /// <param name="result">The C element of row <paramref name="rowStart"/> and column <paramref name="columnStart"/>.</param>
    /// <param name="resultStride">Row stride of C.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C; 0 ignores it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyBlocked(
        float* left, nint leftStride, bool leftDepthContiguous, int rowStart, int rowCount, int depth,
        float* right, nint rightStride, bool rightDepthContiguous, float* prepackedRight, int columnStart, int columnCount,
        float* result, nint resultStride, float alpha, float beta)
    {
        int tileColumns = TKernel.TileColumns;
        int depthBlock = Math.Min(depth, TKernel.DepthBlock);
        GemmWorkspace workspace = GemmWorkspace.ForCurrentThread;
        float* packedLeft = workspace.Left(TKernel.RowBlock * depthBlock);
        float* packedRight = prepackedRight == null ? workspace.Right(TKernel.ColumnBlock * depthBlock) : null;
        float* tile = workspace.Tile(TKernel.TileRows * tileColumns);
        for (int columnOffset = 0; columnOffset < columnCount; columnOffset += TKernel.ColumnBlock)
        {
            int column = columnStart + columnOffset;
            int columnBlock = Math.Min(TKernel.ColumnBlock, columnCount - columnOffset);
            for (int step = 0; step < depth; step += depthBlock)
            {
                int stepBlock = Math.Min(depthBlock, depth - step);
                float* panels;
                nint panelStride;
                int skippedColumns;
                if (prepackedRight == null)
                {
                    GemmPacking.Pack(right, rightStride, rightDepthContiguous, step, stepBlock, column, columnBlock, tileColumns, packedRight);
                    panels = packedRight;
                    panelStride = (nint)stepBlock * tileColumns;
                    skippedColumns = 0;
                }
                else
                {
                    panelStride = (nint)depth * tileColumns;
                    panels = prepackedRight + ((column / tileColumns) * panelStride) + (step * tileColumns);
                    skippedColumns = column % tileColumns;
                }

                float stepBeta = step == 0 ? beta : 1f;
                for (int rowOffset = 0; rowOffset < rowCount; rowOffset += TKernel.RowBlock)
                {
                    int rowBlock = Math.Min(TKernel.RowBlock, rowCount - rowOffset);
                    GemmPacking.Pack(left, leftStride, leftDepthContiguous, step, stepBlock, rowStart + rowOffset, rowBlock, TKernel.TileRows, packedLeft);
                    MultiplyBlock(
                        packedLeft, rowBlock, stepBlock, panels, panelStride, skippedColumns, columnBlock,
                        result + (rowOffset * resultStride) + columnOffset, resultStride, alpha, stepBeta, tile);
                }
            }
        }
    }

    /// <summary>
    /// The macro-kernel: multiplies a packed left block by consecutive packed right panels and updates the matching
    /// block of C, full tiles directly and edge tiles through <paramref name="tile"/>.
    /// </summary>
    /// <param name="left">Packed left block: panels of <c>depth * TileRows</c> values.</param>
    /// <param name="rows">Rows of the block, 1 or more.</param>
    /// <param name="depth">Depth of the block, 1 or more.</param>
    /// <param name="right">The first right panel to use.</param>
    /// <param name="rightPanelStride">Distance between consecutive right panels, in values.</param>
    /// <param name="skippedColumns">Leading columns of the first right panel that are not part of C (0 .. TileColumns - 1).</param>
    /// <param name="columns">Columns of the C block.</param>
    /// <param name="result">Element (0, 0) of the C block.</param>
    /// <param name="resultStride">Row stride of C.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the old C; 0 ignores it.</param>
    /// <param name="tile">Scratch for one edge tile, <c>TileRows * TileColumns</c> values, 64-byte aligned.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyBlock(
        float* left, int rows, int depth, float* right, nint rightPanelStride, int skippedColumns, int columns, float* result, nint resultStride, float alpha, float beta, float* tile)
    {
        int tileRows = TKernel.TileRows;
        int tileColumns = TKernel.TileColumns;
        for (int panelColumn = -skippedColumns; panelColumn < columns; panelColumn += tileColumns)
        {
            bool fullWidth = panelColumn >= 0 && panelColumn + tileColumns <= columns;
            float* leftPanel = left;
            for (int row = 0; row < rows; row += tileRows)
            {
                if (fullWidth && row + tileRows <= rows)
                {
                    float* target = result + (row * resultStride) + panelColumn;
                    Prefetch(target, resultStride);
                    TKernel.Multiply(depth, leftPanel, right, target, resultStride, alpha, beta);
                }
                else
                {
                    int firstColumn = Math.Max(panelColumn, 0);
                    MultiplyEdge(
                        depth, leftPanel, right, result + (row * resultStride) + firstColumn, resultStride, Math.Min(tileRows, rows - row),
                        firstColumn - panelColumn, Math.Min(panelColumn + tileColumns, columns) - firstColumn, alpha, beta, tile);
                }

                leftPanel += (nint)depth * tileRows;
            }

            right += rightPanelStride;
        }
    }

    /// <summary>One partial tile: the micro-kernel runs on <paramref name="tile"/>, and only the valid part is copied to and from C.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyEdge(
        int depth, float* left, float* right, float* result, nint resultStride, int rows, int tileColumn, int columns, float alpha, float beta, float* tile)
    {
        int tileColumns = TKernel.TileColumns;
        if (beta != 0f)
        {
            for (int row = 0; row < rows; row++)
            {
                new ReadOnlySpan<float>(result + (row * resultStride), columns).CopyTo(new Span<float>(tile + (row * tileColumns) + tileColumn, columns));
            }
        }

        TKernel.Multiply(depth, left, right, tile, tileColumns, alpha, beta);
        for (int row = 0; row < rows; row++)
        {
            new ReadOnlySpan<float>(tile + (row * tileColumns) + tileColumn, columns).CopyTo(new Span<float>(result + (row * resultStride), columns));
        }
    }

    /// <summary>Asks for the first and last cache line of each row of a C tile before the micro-kernel needs them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* target, nint stride)
    {
        if (Sse.IsSupported)
        {
            for (int row = 0; row < TKernel.TileRows; row++)
            {
                float* line = target + (row * stride);
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + TKernel.TileColumns - 1);
            }
        }
    }
}
