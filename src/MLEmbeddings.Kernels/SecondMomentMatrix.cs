using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The scatter matrix of a set of rows, <c>S = sum_i (x_i - c)(x_i - c)^T</c> with <c>c</c> the column mean (centred)
/// or 0 (the Gram matrix <c>X^T X</c>), accumulated in double precision. Blocks of rows are multiplied with
/// <see cref="Gemm"/> in float (after centring in float) and the block products are added in double, so the rounding
/// error is that of one block, not of all rows. The covariance is <c>S / (n - 1)</c>.
/// </summary>
public static class SecondMomentMatrix
{
    private const int BlockRows = 512;

    /// <summary>Computes <c>S</c> (and the mean when centring).</summary>
    /// <param name="rows">The <c>n x d</c> rows, every value finite.</param>
    /// <param name="center">Whether to subtract the column mean first (covariance) or not (Gram matrix).</param>
    /// <param name="mean">Receives the <c>d</c> column means when <paramref name="center"/> is set (otherwise zeros); <c>d</c> long.</param>
    /// <param name="result">Receives the <c>d x d</c> row-major matrix <c>S</c>; <c>d * d</c> long.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or <paramref name="center"/> is set for 0 rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Compute(ReadOnlyMatrixView rows, bool center, Span<double> mean, Span<double> result, int maxDegreeOfParallelism = -1)
    {
        int dimension = rows.Columns;
        SpanLengthCheck.Require(nameof(mean), mean.Length, dimension, "rows.Columns");
        SpanLengthCheck.Require(nameof(result), result.Length, (long)dimension * dimension, "rows.Columns * rows.Columns");
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        mean.Clear();
        result.Clear();
        if (center)
        {
            ColumnMeans.Compute(rows, mean);
        }

        var meanSingle = new float[dimension];
        TensorPrimitives.ConvertTruncating<double, float>(mean, meanSingle);
        int blockRows = Math.Min(BlockRows, Math.Max(rows.Rows, 1));
        var block = new float[blockRows * dimension];
        var product = new float[dimension * dimension];
        for (int start = 0; start < rows.Rows; start += blockRows)
        {
            int count = Math.Min(blockRows, rows.Rows - start);
            for (int i = 0; i < count; i++)
            {
                TensorPrimitives.Subtract(rows.Row(start + i), meanSingle, block.AsSpan(i * dimension, dimension));
            }

            var view = new ReadOnlyMatrixView(block, count, dimension);
            Gemm.Multiply(view, true, view, false, new MatrixView(product, dimension, dimension), 1f, 0f, threads);
            for (int p = 0; p < product.Length; p++)
            {
                result[p] += product[p];
            }
        }
    }
}
