using System.Runtime.CompilerServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Products of a sparse <see cref="CsrMatrix"/> <c>A</c> (<c>n x d</c>) with dense row-major matrices, the sparse
/// counterparts of the <see cref="Gemm"/> calls of NMF and of a randomized SVD: <c>A B</c> (for example
/// <c>X H^T</c>), <c>A^T B</c> (for example <c>X^T W</c>), the Gram matrix <c>A^T A</c>, and the values of a low-rank
/// product <c>L R^T</c> at the stored entries of <c>A</c>. The products cost <c>O(nnz k)</c>; nothing of size
/// <c>n x d</c> is formed.
/// </summary>
/// <remarks>
/// Every output value is accumulated in the order of the stored entries (rows ascending), whatever the thread
/// count, so results are bit-identical for every <c>maxDegreeOfParallelism</c>. The inner loops run on vectors of
/// <see cref="KernelDispatch.Width"/> over the <c>k</c> columns of the dense operand.
/// </remarks>
public static class SparseMatrixProducts
{
    private const int RowsPerTask = 512;

    /// <summary>Computes <c>C = A B</c>: row <c>i</c> of <c>C</c> is <c>sum_p A_ip B_p</c> over the stored entries of row <c>i</c>.</summary>
    /// <param name="a">The sparse left operand, <c>n x d</c>.</param>
    /// <param name="b">The dense right operand, <c>d x k</c>.</param>
    /// <param name="c">The result, <c>n x k</c> (overwritten).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Multiply(CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(a);
        MatrixShape.RequireRows(nameof(b), b.Rows, a.Columns);
        MatrixShape.RequireRows(nameof(c), c.Rows, a.Rows);
        MatrixShape.RequireColumns(nameof(c), c.Columns, b.Columns);
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        VectorWidth width = KernelDispatch.Width;
        int tasks = (a.Rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, DegreeOfParallelism.Options(threads), task => MultiplyRows(width, a, b, c, task * RowsPerTask, Math.Min(a.Rows, (task + 1) * RowsPerTask), 0));
    }

    /// <summary>Rows <c>[start, start + c.Rows)</c> of <c>A B</c> into <paramref name="c"/>, on the calling thread (for callers that stream blocks of rows).</summary>
    internal static void MultiplyRows(CsrMatrix a, int start, ReadOnlyMatrixView b, MatrixView c)
    {
        MatrixShape.RequireRows(nameof(b), b.Rows, a.Columns);
        MatrixShape.RequireColumns(nameof(c), c.Columns, b.Columns);
        MultiplyRows(KernelDispatch.Width, a, b, c, start, start + c.Rows, start);
    }

    /// <summary>
    /// <c>C += A_rows^T B</c> for the rows <c>[start, start + b.Rows)</c> of <c>A</c>, on the calling thread: row
    /// <c>i - start</c> of <paramref name="b"/> scaled by each stored entry of row <c>i</c> is added to the entry's row of
    /// <paramref name="c"/> (<c>d x k</c>), rows ascending.
    /// </summary>
    internal static void AccumulateTransposeRows(CsrMatrix a, int start, ReadOnlyMatrixView b, MatrixView c)
    {
        MatrixShape.RequireRows(nameof(c), c.Rows, a.Columns);
        MatrixShape.RequireColumns(nameof(c), c.Columns, b.Columns);
        VectorWidth width = KernelDispatch.Width;
        for (int i = start, end = start + b.Rows; i < end; i++)
        {
            ReadOnlySpan<int> columns = a.RowColumnIndices(i);
            ReadOnlySpan<float> values = a.RowValues(i);
            ReadOnlySpan<float> source = b.Row(i - start);
            for (int p = 0; p < columns.Length; p++)
            {
                ShortRowOperations.MultiplyAdd(width, values[p], source, c.Row(columns[p]));
            }
        }
    }

    /// <summary>
    /// Computes <c>C = A^T B</c>: row <c>j</c> of <c>C</c> is <c>sum_i A_ij B_i</c> over the rows <c>i</c> that store
    /// column <c>j</c>, accumulated with <c>i</c> ascending. Threads own disjoint ranges of columns of <c>A</c>
    /// (balanced by stored entries), so no transpose of <c>A</c> is formed.
    /// </summary>
    /// <param name="a">The sparse operand, <c>n x d</c>.</param>
    /// <param name="b">The dense operand, <c>n x k</c>.</param>
    /// <param name="c">The result, <c>d x k</c> (overwritten).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void TransposeMultiply(CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(a);
        MatrixShape.RequireRows(nameof(b), b.Rows, a.Rows);
        MatrixShape.RequireRows(nameof(c), c.Rows, a.Columns);
        MatrixShape.RequireColumns(nameof(c), c.Columns, b.Columns);
        VectorWidth width = KernelDispatch.Width;
        ForEachColumnRange(a, maxDegreeOfParallelism, (first, last) => AccumulateColumns(width, a, b, c, first, last));
    }

    /// <summary>
    /// Computes <c>C = A^T A B</c> (<c>d x k</c>) without forming <c>A B</c>: threads own disjoint ranges of columns of
    /// <c>A</c> (balanced by stored entries); each goes through the rows, forms <c>t = A_i B</c> for every row with an
    /// entry in its range and adds <c>A_ij t</c> to row <c>j</c> of <c>C</c> for those entries, rows ascending. A row with
    /// entries in several ranges is multiplied by <c>B</c> once per range: up to twice the work of the first product, but
    /// no <c>n x k</c> (or block) intermediate and one parallel loop per call.
    /// </summary>
    /// <param name="a">The sparse operand, <c>n x d</c>.</param>
    /// <param name="b">The dense operand, <c>d x k</c>.</param>
    /// <param name="c">The result, <c>d x k</c> (overwritten); must not overlap <paramref name="b"/>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for all cores. Results are bit-identical for every value.</param>
    internal static void MultiplyNormal(CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int maxDegreeOfParallelism)
    {
        MatrixShape.RequireRows(nameof(b), b.Rows, a.Columns);
        MatrixShape.RequireRows(nameof(c), c.Rows, a.Columns);
        MatrixShape.RequireColumns(nameof(c), c.Columns, b.Columns);
        VectorWidth width = KernelDispatch.Width;
        ForEachColumnRange(a, maxDegreeOfParallelism, (first, last) => AccumulateNormal(width, a, b, c, first, last));
    }

    /// <summary>Rows <c>[first, last)</c> of <c>C = A^T A B</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateNormal(VectorWidth width, CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int first, int last)
    {
        for (int j = first; j < last; j++)
        {
            c.Row(j).Clear();
        }

        bool whole = first == 0 && last == a.Columns;
        int length = c.Columns;
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(length);
        Span<float> product = rented.AsSpan(0, length);
        for (int i = 0; i < a.Rows; i++)
        {
            ReadOnlySpan<int> columns = a.RowColumnIndices(i);
            int from = whole ? 0 : LowerBound(columns, first);
            int to = whole ? columns.Length : LowerBound(columns, last);
            if (from == to)
            {
                continue;
            }

            ReadOnlySpan<float> values = a.RowValues(i);
            ShortRowOperations.CombineRows(width, columns, values, b, product);
            for (int p = from; p < to; p++)
            {
                ShortRowOperations.MultiplyAdd(width, values[p], product, c.Row(columns[p]));
            }
        }

        System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>
    /// Computes the Gram matrix of the columns, <c>C = A^T A</c> (<c>d x d</c>): for every row, the products of each pair of
    /// its stored entries are added at (column, column), rows ascending. Costs <c>O(sum_i nnz_i^2)</c>; the scattered
    /// updates run in scalar code. Threads own disjoint ranges of rows of <c>C</c>, so results are bit-identical for every
    /// <c>maxDegreeOfParallelism</c>.
    /// </summary>
    /// <param name="a">The sparse matrix, <c>n x d</c>.</param>
    /// <param name="c">The result, <c>d x d</c> (overwritten), symmetric.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="c"/> is not <c>d x d</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void ColumnGram(CsrMatrix a, MatrixView c, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(a);
        MatrixShape.RequireRows(nameof(c), c.Rows, a.Columns);
        MatrixShape.RequireColumns(nameof(c), c.Columns, a.Columns);
        ForEachColumnRange(a, maxDegreeOfParallelism, (first, last) => AccumulateGram(a, c, first, last));
    }

    /// <summary>
    /// The values of <c>L R^T</c> at the stored entries of <paramref name="pattern"/>: for the entry <c>p</c> at
    /// (<c>i</c>, <c>j</c>), <c>result[p] = L_i . R_j</c> (for NMF, <c>(W H)_ij = W_i . Ht_j</c>).
    /// </summary>
    /// <param name="pattern">The sparse matrix whose stored positions are evaluated, <c>n x d</c> (its values are not used).</param>
    /// <param name="left">The left factor <c>L</c>, <c>n x r</c>.</param>
    /// <param name="right">The right factor <c>R</c>, <c>d x r</c>.</param>
    /// <param name="result">One value per stored entry, <c>pattern.NonZeroCount</c> long.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void ProductAtNonZeros(CsrMatrix pattern, ReadOnlyMatrixView left, ReadOnlyMatrixView right, Memory<float> result, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        MatrixShape.RequireRows(nameof(left), left.Rows, pattern.Rows);
        MatrixShape.RequireRows(nameof(right), right.Rows, pattern.Columns);
        MatrixShape.RequireColumns(nameof(right), right.Columns, left.Columns);
        SpanLengthCheck.Require(nameof(result), result.Length, pattern.NonZeroCount, "pattern.NonZeroCount");
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int tasks = (pattern.Rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, DegreeOfParallelism.Options(threads), task => ProductRows(pattern, left, right, result.Span, task * RowsPerTask, Math.Min(pattern.Rows, (task + 1) * RowsPerTask)));
    }

    /// <summary>Rows <c>[start, end)</c> of <c>A B</c>, row <c>i</c> written to row <c>i - offset</c> of <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyRows(VectorWidth width, CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int start, int end, int offset)
    {
        for (int i = start; i < end; i++)
        {
            ShortRowOperations.CombineRows(width, a.RowColumnIndices(i), a.RowValues(i), b, c.Row(i - offset));
        }
    }

    /// <summary>Rows <c>[first, last)</c> of <c>C = A^T B</c>: every row of <c>A</c>, its stored entries in that column range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateColumns(VectorWidth width, CsrMatrix a, ReadOnlyMatrixView b, MatrixView c, int first, int last)
    {
        for (int j = first; j < last; j++)
        {
            c.Row(j).Clear();
        }

        bool whole = first == 0 && last == a.Columns;
        ReadOnlySpan<int> pointers = a.RowPointers;
        ReadOnlySpan<int> allColumns = a.ColumnIndices;
        ReadOnlySpan<float> allValues = a.Values;
        Span<float> target = c.Data.Span;
        int stride = c.RowStride;
        int length = c.Columns;
        for (int i = 0; i < a.Rows; i++)
        {
            ReadOnlySpan<int> columns = allColumns[pointers[i]..pointers[i + 1]];
            ReadOnlySpan<float> values = allValues[pointers[i]..pointers[i + 1]];
            int start = whole ? 0 : LowerBound(columns, first);
            int end = whole ? columns.Length : LowerBound(columns, last);
            ReadOnlySpan<float> source = b.Row(i);
            for (int p = start; p < end; p++)
            {
                ShortRowOperations.MultiplyAdd(width, values[p], source, target.Slice(columns[p] * stride, length));
            }
        }
    }

    /// <summary>Rows <c>[first, last)</c> of <c>C = A^T A</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateGram(CsrMatrix a, MatrixView c, int first, int last)
    {
        for (int j = first; j < last; j++)
        {
            c.Row(j).Clear();
        }

        bool whole = first == 0 && last == a.Columns;
        for (int i = 0; i < a.Rows; i++)
        {
            ReadOnlySpan<int> columns = a.RowColumnIndices(i);
            ReadOnlySpan<float> values = a.RowValues(i);
            int start = whole ? 0 : LowerBound(columns, first);
            int end = whole ? columns.Length : LowerBound(columns, last);
            for (int p = start; p < end; p++)
            {
                Span<float> target = c.Row(columns[p]);
                float value = values[p];
                for (int q = 0; q < columns.Length; q++)
                {
                    target[columns[q]] += value * values[q];
                }
            }
        }
    }

    /// <summary>The stored entries of rows <c>[start, end)</c> of <c>L R^T</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ProductRows(CsrMatrix pattern, ReadOnlyMatrixView left, ReadOnlyMatrixView right, Span<float> values, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<float> row = left.Row(i);
            int offset = pattern.RowPointers[i];
            ReadOnlySpan<int> columns = pattern.RowColumnIndices(i);
            for (int p = 0; p < columns.Length; p++)
            {
                values[offset + p] = VectorOperations.Dot(row, right.Row(columns[p]));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the column ranges of <paramref name="a"/> (one per thread, balanced by stored
    /// entries, <see cref="CsrMatrix.ColumnRanges"/>) in parallel; every output row belongs to one range, so the results do
    /// not depend on the thread count.
    /// </summary>
    private static void ForEachColumnRange(CsrMatrix a, int maxDegreeOfParallelism, Action<int, int> body)
    {
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int[] bounds = a.ColumnRanges(threads);
        Parallel.For(0, bounds.Length - 1, DegreeOfParallelism.Options(threads), range => body(bounds[range], bounds[range + 1]));
    }

    /// <summary>The first position in the ascending <paramref name="columns"/> whose value is at least <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<int> columns, int value)
    {
        int found = columns.BinarySearch(value);
        return found >= 0 ? found : ~found;
    }
}
