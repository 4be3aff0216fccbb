using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Applies a learned linear map after centring: <c>y_i = W (x_i - mean)</c> for every row, with <c>W</c> an
/// <c>r x d</c> matrix (whitening, PCA-style projections). The rows are centred into a scratch block and multiplied by
/// <c>W^T</c> with <see cref="Gemm"/>.
/// </summary>
public static class CenteredProjection
{
    /// <summary>Computes <c>output = (input - 1 mean^T) W^T</c>.</summary>
    /// <param name="input">The <c>n x d</c> rows.</param>
    /// <param name="mean">The <c>d</c> values subtracted from every row.</param>
    /// <param name="weights">The <c>r x d</c> matrix <c>W</c>.</param>
    /// <param name="output">Receives the <c>n x r</c> result.</param>
    /// <param name="scratch">Work space of at least <c>n * d</c> values.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">A shape or length does not match.</exception>
    public static void Apply(ReadOnlyMatrixView input, ReadOnlySpan<float> mean, ReadOnlyMatrixView weights, MatrixView output, Memory<float> scratch, int maxDegreeOfParallelism = -1)
    {
        int dimension = input.Columns;
        SpanLengthCheck.Require(nameof(mean), mean.Length, dimension, "input.Columns");
        MatrixShape.RequireColumns(nameof(weights), weights.Columns, dimension);
        MatrixShape.RequireRows(nameof(output), output.Rows, input.Rows);
        MatrixShape.RequireColumns(nameof(output), output.Columns, weights.Rows);
        if (scratch.Length < (long)input.Rows * dimension)
        {
            throw new ArgumentException($"'{nameof(scratch)}' has length {scratch.Length}; expected at least {(long)input.Rows * dimension} (input.Rows * input.Columns).", nameof(scratch));
        }

        Span<float> centered = scratch.Span;
        for (int i = 0; i < input.Rows; i++)
        {
            TensorPrimitives.Subtract(input.Row(i), mean, centered.Slice(i * dimension, dimension));
        }

        Gemm.MultiplyTransposed(new ReadOnlyMatrixView(scratch[..(input.Rows * dimension)], input.Rows, dimension), weights, output, 1f, 0f, maxDegreeOfParallelism);
    }
}
