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

        // Simple reference-quality implementation; replaced by the packed, cache-blocked kernel.
        float[] left = transposeA ? Transposed(a) : a.ToArray();
        float[] right = transposeB ? b.ToArray() : Transposed(b);
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Row(i);
            ReadOnlySpan<float> leftRow = left.AsSpan(i * k, k);
            for (int j = 0; j < n; j++)
            {
                float product = alpha * TensorPrimitives.Dot(leftRow, right.AsSpan(j * k, k));
                row[j] = beta == 0f ? product : product + (beta * row[j]);
            }
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

    private static float[] Transposed(ReadOnlyMatrixView view)
    {
        var result = new float[view.Rows * view.Columns];
        for (int i = 0; i < view.Rows; i++)
        {
            ReadOnlySpan<float> row = view.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                result[(j * view.Rows) + i] = row[j];
            }
        }

        return result;
    }
}
