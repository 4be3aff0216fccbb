using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>A dense row-major matrix as an <see cref="ILinearOperator"/>; both products go through <see cref="Gemm"/>.</summary>
internal sealed class DenseLinearOperator : ILinearOperator
{
    private readonly ReadOnlyMatrixView _matrix;

    /// <summary>Wraps <paramref name="matrix"/> (not copied), after checking that every entry is finite.</summary>
    /// <exception cref="ArgumentException">An entry is NaN or infinite.</exception>
    public DenseLinearOperator(ReadOnlyMatrixView matrix)
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            if (!TensorPrimitives.IsFiniteAll(matrix.Row(i)))
            {
                throw new ArgumentException($"'{nameof(matrix)}' has a non-finite value in row {i}; every entry must be finite.", nameof(matrix));
            }
        }

        _matrix = matrix;
    }

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <inheritdoc/>
    public void Multiply(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(vectors, false, _matrix, true, result, maxDegreeOfParallelism: maxDegreeOfParallelism);

    /// <inheritdoc/>
    public void MultiplyTransposed(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(vectors, false, _matrix, false, result, maxDegreeOfParallelism: maxDegreeOfParallelism);
}
