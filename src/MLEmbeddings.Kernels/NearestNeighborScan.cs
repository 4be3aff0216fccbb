using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The fused distance-and-selection kernel of exact search. For a block of packed query rows and a range of
/// database columns in <see cref="PackedVectorPanels"/>, it computes every key
/// <c>key(i, j) = bias[j] + sum_t query[i][t] * x_j[t]</c> in registers, six query rows by two vectors of columns at
/// a time, compares the tile with each row's admission threshold, and hands only the tiles holding a candidate to
/// <see cref="CandidateScanState.Offer"/>. The distance tile never goes to memory otherwise.
/// </summary>
/// <remarks>
/// Each key is one fused multiply-add chain over <c>t</c> in ascending order plus one addition, whatever the blocking,
/// so a key does not depend on how queries or columns are split between threads. Columns are visited in ascending
/// order, which <see cref="SortedCandidateList.Insert"/> relies on to order ties by id.
/// </remarks>
internal static class NearestNeighborScan
{
    /// <summary>Query rows per micro-tile; packed query blocks are padded to a multiple of this.</summary>
    public const int TileRows = 6;

    /// <summary>Largest number of keys in one micro-tile (six rows of two 16-float vectors).</summary>
    public const int MaximumTileValues = TileRows * 2 * 16;

    /// <summary>
    /// Scans columns <c>[columnStart, columnEnd)</c> (multiples of <see cref="PackedVectorPanels.ColumnGranularity"/>)
    /// for the <paramref name="rowCount"/> rows (a multiple of <see cref="TileRows"/>) of <paramref name="queries"/>,
    /// stored contiguously with <c>database.Dimension</c> values per row.
    /// </summary>
    public static void Scan(VectorWidth width, ReadOnlySpan<float> queries, int rowCount, PackedVectorPanels database, int columnStart, int columnEnd, ref CandidateScanState state)
    {
        ref float queryStart = ref MemoryMarshal.GetReference(queries);
        if (width >= VectorWidth.Vector512)
        {
            Scan<Simd512Operations, Vector512<float>>(ref queryStart, rowCount, database, columnStart, columnEnd, ref state);
        }
        else if (width >= VectorWidth.Vector256)
        {
            Scan<Simd256Operations, Vector256<float>>(ref queryStart, rowCount, database, columnStart, columnEnd, ref state);
        }
        else if (width >= VectorWidth.Vector128)
        {
            Scan<Simd128Operations, Vector128<float>>(ref queryStart, rowCount, database, columnStart, columnEnd, ref state);
        }
        else
        {
            ScanScalar(ref queryStart, rowCount, database, columnStart, columnEnd, ref state);
        }
    }

    private static void Scan<TSimd, TVector>(ref float queries, int rowCount, PackedVectorPanels database, int columnStart, int columnEnd, ref CandidateScanState state)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        int count = TSimd.Count;
        int dimension = database.Dimension;
        Span<float> tile = stackalloc float[MaximumTileValues];
        ref float panels = ref database.Values;
        ref float bias = ref database.Bias;
        for (int column = columnStart; column < columnEnd; column += 2 * count)
        {
            // The two vectors of this chunk of columns stay in L1 while every query tile of the block streams past them.
            ref float first = ref Unsafe.Add(ref panels, PackedVectorPanels.Offset(column, dimension));
            ref float second = ref Unsafe.Add(ref panels, PackedVectorPanels.Offset(column + count, dimension));
            for (int row = 0; row < rowCount; row += TileRows)
            {
                ScanTile<TSimd, TVector>(ref Unsafe.Add(ref queries, (nint)row * dimension), dimension, ref first, ref second, ref Unsafe.Add(ref bias, column), column, row, ref state, tile);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScanTile<TSimd, TVector>(ref float query0, int dimension, ref float first, ref float second, ref float bias, int column, int row, ref CandidateScanState state, scoped Span<float> tile)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        ref float query1 = ref Unsafe.Add(ref query0, dimension);
        ref float query2 = ref Unsafe.Add(ref query1, dimension);
        ref float query3 = ref Unsafe.Add(ref query2, dimension);
        ref float query4 = ref Unsafe.Add(ref query3, dimension);
        ref float query5 = ref Unsafe.Add(ref query4, dimension);
        TVector sum00 = TSimd.Zero, sum01 = TSimd.Zero, sum10 = TSimd.Zero, sum11 = TSimd.Zero;
        TVector sum20 = TSimd.Zero, sum21 = TSimd.Zero, sum30 = TSimd.Zero, sum31 = TSimd.Zero;
        TVector sum40 = TSimd.Zero, sum41 = TSimd.Zero, sum50 = TSimd.Zero, sum51 = TSimd.Zero;
        for (nint t = 0; t < dimension; t++)
        {
            nint offset = t * PackedVectorPanels.PanelWidth;
            TVector x0 = TSimd.Load(ref Unsafe.Add(ref first, offset));
            TVector x1 = TSimd.Load(ref Unsafe.Add(ref second, offset));
            TVector q = TSimd.Broadcast(Unsafe.Add(ref query0, t));
            sum00 = TSimd.MultiplyAdd(q, x0, sum00);
            sum01 = TSimd.MultiplyAdd(q, x1, sum01);
            q = TSimd.Broadcast(Unsafe.Add(ref query1, t));
            sum10 = TSimd.MultiplyAdd(q, x0, sum10);
            sum11 = TSimd.MultiplyAdd(q, x1, sum11);
            q = TSimd.Broadcast(Unsafe.Add(ref query2, t));
            sum20 = TSimd.MultiplyAdd(q, x0, sum20);
            sum21 = TSimd.MultiplyAdd(q, x1, sum21);
            q = TSimd.Broadcast(Unsafe.Add(ref query3, t));
            sum30 = TSimd.MultiplyAdd(q, x0, sum30);
            sum31 = TSimd.MultiplyAdd(q, x1, sum31);
            q = TSimd.Broadcast(Unsafe.Add(ref query4, t));
            sum40 = TSimd.MultiplyAdd(q, x0, sum40);
            sum41 = TSimd.MultiplyAdd(q, x1, sum41);
            q = TSimd.Broadcast(Unsafe.Add(ref query5, t));
            sum50 = TSimd.MultiplyAdd(q, x0, sum50);
            sum51 = TSimd.MultiplyAdd(q, x1, sum51);
        }

        int count = TSimd.Count;
        TVector bias0 = TSimd.Load(ref bias);
        TVector bias1 = TSimd.Load(ref Unsafe.Add(ref bias, count));
        sum00 = TSimd.Add(bias0, sum00);
        sum01 = TSimd.Add(bias1, sum01);
        sum10 = TSimd.Add(bias0, sum10);
        sum11 = TSimd.Add(bias1, sum11);
        sum20 = TSimd.Add(bias0, sum20);
        sum21 = TSimd.Add(bias1, sum21);
        sum30 = TSimd.Add(bias0, sum30);
        sum31 = TSimd.Add(bias1, sum31);
        sum40 = TSimd.Add(bias0, sum40);
        sum41 = TSimd.Add(bias1, sum41);
        sum50 = TSimd.Add(bias0, sum50);
        sum51 = TSimd.Add(bias1, sum51);

        ref float thresholds = ref MemoryMarshal.GetReference(state.Thresholds[row..]);
        TVector threshold = TSimd.Broadcast(thresholds);
        TVector below = TSimd.BitwiseOr(TSimd.LessThan(sum00, threshold), TSimd.LessThan(sum01, threshold));
        threshold = TSimd.Broadcast(Unsafe.Add(ref thresholds, 1));
        below = TSimd.BitwiseOr(below, TSimd.BitwiseOr(TSimd.LessThan(sum10, threshold), TSimd.LessThan(sum11, threshold)));
        threshold = TSimd.Broadcast(Unsafe.Add(ref thresholds, 2));
        below = TSimd.BitwiseOr(below, TSimd.BitwiseOr(TSimd.LessThan(sum20, threshold), TSimd.LessThan(sum21, threshold)));
        threshold = TSimd.Broadcast(Unsafe.Add(ref thresholds, 3));
        below = TSimd.BitwiseOr(below, TSimd.BitwiseOr(TSimd.LessThan(sum30, threshold), TSimd.LessThan(sum31, threshold)));
        threshold = TSimd.Broadcast(Unsafe.Add(ref thresholds, 4));
        below = TSimd.BitwiseOr(below, TSimd.BitwiseOr(TSimd.LessThan(sum40, threshold), TSimd.LessThan(sum41, threshold)));
        threshold = TSimd.Broadcast(Unsafe.Add(ref thresholds, 5));
        below = TSimd.BitwiseOr(below, TSimd.BitwiseOr(TSimd.LessThan(sum50, threshold), TSimd.LessThan(sum51, threshold)));
        if (!TSimd.AnyBitSet(below))
        {
            return;
        }

        ref float destination = ref MemoryMarshal.GetReference(tile);
        TSimd.Store(sum00, ref destination);
        TSimd.Store(sum01, ref Unsafe.Add(ref destination, count));
        TSimd.Store(sum10, ref Unsafe.Add(ref destination, 2 * count));
        TSimd.Store(sum11, ref Unsafe.Add(ref destination, 3 * count));
        TSimd.Store(sum20, ref Unsafe.Add(ref destination, 4 * count));
        TSimd.Store(sum21, ref Unsafe.Add(ref destination, 5 * count));
        TSimd.Store(sum30, ref Unsafe.Add(ref destination, 6 * count));
        TSimd.Store(sum31, ref Unsafe.Add(ref destination, 7 * count));
        TSimd.Store(sum40, ref Unsafe.Add(ref destination, 8 * count));
        TSimd.Store(sum41, ref Unsafe.Add(ref destination, 9 * count));
        TSimd.Store(sum50, ref Unsafe.Add(ref destination, 10 * count));
        TSimd.Store(sum51, ref Unsafe.Add(ref destination, 11 * count));
        state.Offer(tile, TileRows, 2 * count, row, column);
    }

    // The scalar path: one panel of columns per step, the same keys (sequential multiply-add chains plus the bias).
    private static void ScanScalar(ref float queries, int rowCount, PackedVectorPanels database, int columnStart, int columnEnd, ref CandidateScanState state)
    {
        const int Width = PackedVectorPanels.PanelWidth;
        int dimension = database.Dimension;
        Span<float> tile = stackalloc float[TileRows * Width];
        ref float panels = ref database.Values;
        ref float bias = ref database.Bias;
        for (int column = columnStart; column < columnEnd; column += Width)
        {
            ref float panel = ref Unsafe.Add(ref panels, PackedVectorPanels.Offset(column, dimension));
            for (int row = 0; row < rowCount; row += TileRows)
            {
                for (int r = 0; r < TileRows; r++)
                {
                    ref float query = ref Unsafe.Add(ref queries, (nint)(row + r) * dimension);
                    for (int j = 0; j < Width; j++)
                    {
                        float sum = 0f;
                        for (int t = 0; t < dimension; t++)
                        {
                            sum += Unsafe.Add(ref query, t) * Unsafe.Add(ref panel, ((nint)t * Width) + j);
                        }

                        tile[(r * Width) + j] = Unsafe.Add(ref bias, column + j) + sum;
                    }
                }

                state.Offer(tile, TileRows, Width, row, column);
            }
        }
    }
}
