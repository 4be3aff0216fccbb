namespace MLEmbeddings.Kernels;

/// <summary>
/// A sparse <see cref="CsrMatrix"/> as an <see cref="ILinearOperator"/>, so <see cref="RandomizedSvd"/> runs on sparse
/// data (NNDSVD initialisation of NMF on TF-IDF features) without densifying it. Both products go through
/// <see cref="SparseMatrixProducts"/> (<c>O(nnz k)</c>) with the blocks of vectors transposed around them.
/// </summary>
internal sealed class CsrLinearOperator : ILinearOperator
{
    private readonly CsrMatrix _matrix;

    /// <summary>Wraps <paramref name="matrix"/> (not copied).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">A stored value is NaN or infinite.</exception>
    public CsrLinearOperator(CsrMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(matrix.Values))
        {
            throw new ArgumentException($"'{nameof(matrix)}' has a non-finite stored value; every entry must be finite.", nameof(matrix));
        }

        _matrix = matrix;
    }

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <inheritdoc/>
    public void Multiply(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
    {
        MatrixView product = MatrixView.Allocate(_matrix.Rows, vectors.Rows);
        SparseMatrixProducts.Multiply(_matrix, Transpose(vectors), product, maxDegreeOfParallelism);
        Transpose(product, result);
    }

    /// <inheritdoc/>
    public void MultiplyTransposed(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
    {
        MatrixView product = MatrixView.Allocate(_matrix.Columns, vectors.Rows);
        SparseMatrixProducts.TransposeMultiply(_matrix, Transpose(vectors), product, maxDegreeOfParallelism);
        Transpose(product, result);
    }

    private static ReadOnlyMatrixView Transpose(ReadOnlyMatrixView source)
    {
        MatrixView target = MatrixView.Allocate(source.Columns, source.Rows);
        Transpose(source, target);
        return target;
    }

    private static void Transpose(ReadOnlyMatrixView source, MatrixView target)
    {
        MatrixShape.RequireRows(nameof(target), target.Rows, source.Columns);
        MatrixShape.RequireColumns(nameof(target), target.Columns, source.Rows);
        for (int i = 0; i < source.Rows; i++)
        {
            ReadOnlySpan<float> row = source.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                target[j, i] = row[j];
            }
        }
    }
}
