using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>A dense row-major matrix as an <see cref="ILinearOperator"/>; both products go through <see cref="Gemm"/>.</summary>
internal sealed class DenseLinearOperator : ILinearOperator
{
    private readonly ReadOnlyMatrixView _matrix;
    private float[]? _rowBlock;

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

    /// <inheritdoc/>
    public void MultiplyColumns(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(_matrix, false, basis, false, result, maxDegreeOfParallelism: maxDegreeOfParallelism);

    /// <inheritdoc/>
    public void MultiplyNormal(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
    {
        int blockRows = Math.Min(_matrix.Rows, LinearOperatorBlocks.Rows);
        int length = checked(blockRows * basis.Columns);
        if (_rowBlock is null || _rowBlock.Length < length)
        {
            _rowBlock = new float[length];
        }

        for (int start = 0; start < _matrix.Rows; start += blockRows)
        {
            ReadOnlyMatrixView rows = _matrix.SliceRows(start, Math.Min(blockRows, _matrix.Rows - start));
            var block = new MatrixView(_rowBlock, rows.Rows, basis.Columns);
            Gemm.Multiply(rows, false, basis, false, block, maxDegreeOfParallelism: maxDegreeOfParallelism);
            Gemm.Multiply(rows, true, block, false, result, beta: start == 0 ? 0f : 1f, maxDegreeOfParallelism: maxDegreeOfParallelism);
        }
    }
}
