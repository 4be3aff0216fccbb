using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Single-precision general matrix multiplication on row-major views:
/// <c>C = alpha * op(A) * op(B) + beta * C</c>, where <c>op(X)</c> is <c>X</c> or its transpose.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = alpha * op(A) * op(B) + beta * C</c>.
    /// </summary>
    /// <param name="a">Left operand: <c>m x k</c>, or <c>k x m</c> when <paramref name="transposeA"/> is true.</param>
    /// <param name="transposeA">Whether to use the transpose of <paramref name="a"/>.</param>
    /// <param name="b">Right operand: <c>k x n</c>, or <c>n x k</c> when <paramref name="transposeB"/> is true.</param>
    /// <param name="transposeB">Whether to use the transpose of <paramref name="b"/>.</param>
    /// <param name="c">Result, <c>m x n</c>; read when <paramref name="beta"/> is not 0 (when it is 0, <paramref name="c"/>'s old values, even NaN, are ignored).</param>
    /// <param name="alpha">Scale of the product; default 1.</param>
    /// <param name="beta">Scale of the old <paramref name="c"/>; default 0.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores, 1 for the calling thread only. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    public static void Multiply(
        ReadOnlyMatrixView a,
        bool transposeA,
        ReadOnlyMatrixView b,
        bool transposeB,
        MatrixView c,
        float alpha = 1f,
        float beta = 0f,
        int maxDegreeOfParallelism = -1)
    {
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (kb != k)
        {
            throw new ArgumentException($"Inner dimensions differ: op(a) is {m} x {k} but op(b) is {kb} x {n}.", nameof(b));
        }

        MatrixShape.RequireRows(nameof(c), c.Rows, m);
        MatrixShape.RequireColumns(nameof(c), c.Columns, n);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            Scale(c, beta);
            return;
        }

        var problem = new GemmProblem(a, transposeA, b, transposeB, c, alpha, beta);
        int degree = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        if (GemmDirect.Suits(m, n, k))
        {
            GemmDirect.Multiply(problem, degree);
            return;
        }

        switch (KernelDispatch.Width)
        {
            case VectorWidth.Vector512:
                GemmDriver<GemmMicroKernel512>.Multiply(problem, degree);
                break;
            case VectorWidth.Vector256:
                GemmDriver<GemmMicroKernel256>.Multiply(problem, degree);
                break;
            case VectorWidth.Vector128:
                GemmDriver<GemmMicroKernel128>.Multiply(problem, degree);
                break;
            default:
                GemmDriver<GemmMicroKernelScalar>.Multiply(problem, degree);
                break;
        }
    }

    /// <summary>Computes <c>C = alpha * A * B^T + beta * C</c> (<c>A</c>: <c>m x k</c>, <c>B</c>: <c>n x k</c>, <c>C</c>: <c>m x n</c>): all pairwise dot products of the rows of <c>A</c> and <c>B</c>.</summary>
    /// <inheritdoc cref="Multiply(ReadOnlyMatrixView, bool, ReadOnlyMatrixView, bool, MatrixView, float, float, int)"/>
    public static void MultiplyTransposed(ReadOnlyMatrixView a, ReadOnlyMatrixView b, MatrixView c, float alpha = 1f, float beta = 0f, int maxDegreeOfParallelism = -1)
        => Multiply(a, false, b, true, c, alpha, beta, maxDegreeOfParallelism);

    /// <summary>Computes <c>C = alpha * A * B + beta * C</c> (<c>A</c>: <c>m x k</c>, <c>B</c>: <c>k x n</c>, <c>C</c>: <c>m x n</c>).</summary>
    /// <inheritdoc cref="Multiply(ReadOnlyMatrixView, bool, ReadOnlyMatrixView, bool, MatrixView, float, float, int)"/>
    public static void Multiply(ReadOnlyMatrixView a, ReadOnlyMatrixView b, MatrixView c, float alpha = 1f, float beta = 0f, int maxDegreeOfParallelism = -1)
        => Multiply(a, false, b, false, c, alpha, beta, maxDegreeOfParallelism);

    /// <summary>
    /// Computes <c>C = alpha * A * B[columnStart .. columnStart + columnCount - 1]^T + beta * C</c> on the calling thread,
    /// where <c>B</c> was packed once into <paramref name="b"/>: for every row <c>i</c> of <paramref name="a"/> and every
    /// <c>j</c> in <c>[0, columnCount)</c>, <c>C[i, j] = alpha * dot(A row i, B row columnStart + j) + beta * C[i, j]</c>.
    /// </summary>
    /// <remarks>
    /// Built for exact k-NN search: <paramref name="a"/> is a block of queries (typically 64-256 rows), <paramref name="b"/>
    /// the database (k typically 64-1024), and each call fills one query x database tile (typically 256-4096 columns),
    /// for example with <c>alpha = -2</c> to get the cross term of squared Euclidean distances. It does not fork threads:
    /// callers run independent tiles in parallel (the packed operand is read-only and thread-safe; packing buffers are
    /// per thread). Steady-state calls allocate nothing. Each element is summed in the same order whatever the
    /// column range, so overlapping ranges give identical values. Ranges starting at a multiple of
    /// <see cref="PackedRightOperand.ColumnAlignment"/> waste no work.
    /// </remarks>
    /// <param name="a">Left operand <c>A</c>, <c>m x k</c> (any row stride), with <c>k = b.Depth</c>.</param>
    /// <param name="b">The packed right operand <c>B</c> (<c>n x k</c>); its <see cref="PackedRightOperand.Width"/> picks the micro-kernel.</param>
    /// <param name="columnStart">First row of <c>B</c> to use, in <c>[0, n]</c>.</param>
    /// <param name="columnCount">Number of rows of <c>B</c> to use, in <c>[0, n - columnStart]</c>; the columns of <paramref name="c"/>.</param>
    /// <param name="c">Result, <c>m x columnCount</c> (any row stride); read only when <paramref name="beta"/> is not 0.</param>
    /// <param name="alpha">Scale of the product; default 1.</param>
    /// <param name="beta">Scale of the old <paramref name="c"/>; default 0 (old values, even NaN, are ignored).</param>
    /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns of <paramref name="a"/> differ from <c>b.Depth</c>, or <paramref name="c"/> is not <c>m x columnCount</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The column range is not inside <c>[0, b.Rows]</c>.</exception>
    internal static unsafe void MultiplyTransposedPrepacked(
        ReadOnlyMatrixView a, PackedRightOperand b, int columnStart, int columnCount, MatrixView c, float alpha = 1f, float beta = 0f)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (a.Columns != b.Depth)
        {
            throw new ArgumentException($"Inner dimensions differ: 'a' has {a.Columns} columns but the packed operand has depth {b.Depth}.", nameof(a));
        }

        if (columnStart < 0 || columnCount < 0 || columnStart > b.Rows - columnCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(columnStart), columnStart, $"Columns [{columnStart}, {columnStart}+{columnCount}) are not inside the packed operand's [0, {b.Rows}).");
        }

        MatrixShape.RequireRows(nameof(c), c.Rows, a.Rows);
        MatrixShape.RequireColumns(nameof(c), c.Columns, columnCount);
        if (a.Rows == 0 || columnCount == 0)
        {
            return;
        }

        if (b.Depth == 0)
        {
            Scale(c, beta);
            return;
        }

        switch (b.Width)
        {
            case VectorWidth.Vector512:
                GemmDriver<GemmMicroKernel512>.MultiplyPrepacked(a, b.Panels, columnStart, columnCount, c, alpha, beta);
                break;
            case VectorWidth.Vector256:
                GemmDriver<GemmMicroKernel256>.MultiplyPrepacked(a, b.Panels, columnStart, columnCount, c, alpha, beta);
                break;
            case VectorWidth.Vector128:
                GemmDriver<GemmMicroKernel128>.MultiplyPrepacked(a, b.Panels, columnStart, columnCount, c, alpha, beta);
                break;
            default:
                GemmDriver<GemmMicroKernelScalar>.MultiplyPrepacked(a, b.Panels, columnStart, columnCount, c, alpha, beta);
                break;
        }

        GC.KeepAlive(b);
    }

    /// <summary><c>C = beta * C</c>, the whole product when the inner dimension is 0; <c>beta = 0</c> writes zeros (old NaN included).</summary>
    private static void Scale(MatrixView c, float beta)
    {
        for (int i = 0; i < c.Rows; i++)
        {
            Span<float> row = c.Row(i);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
