using System.Runtime.CompilerServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// A sparse <see cref="CsrMatrix"/> as an <see cref="ILinearOperator"/>, so <see cref="RandomizedSvd"/> runs on sparse
/// data (NNDSVD initialisation of NMF on TF-IDF features) without densifying it. Both products go through
/// <see cref="SparseMatrixProducts"/> (<c>O(nnz k)</c>) with the blocks of vectors transposed around them, in buffers
/// kept between calls (so an instance must not be used by two threads at once).
/// </summary>
internal sealed class CsrLinearOperator : ILinearOperator
{
    private readonly CsrMatrix _matrix;
    private float[]? _rowSide;
    private float[]? _columnSide;

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
        MatrixView transposed = Buffer(ref _columnSide, _matrix.Columns, vectors.Rows);
        MatrixView product = Buffer(ref _rowSide, _matrix.Rows, vectors.Rows);
        Transpose(vectors, transposed);
        SparseMatrixProducts.Multiply(_matrix, transposed, product, maxDegreeOfParallelism);
        Transpose(product, result);
    }

    /// <inheritdoc/>
    public void MultiplyTransposed(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
    {
        MatrixView transposed = Buffer(ref _rowSide, _matrix.Rows, vectors.Rows);
        MatrixView product = Buffer(ref _columnSide, _matrix.Columns, vectors.Rows);
        Transpose(vectors, transposed);
        SparseMatrixProducts.TransposeMultiply(_matrix, transposed, product, maxDegreeOfParallelism);
        Transpose(product, result);
    }

    /// <inheritdoc/>
    public void MultiplyColumns(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
        => SparseMatrixProducts.Multiply(_matrix, basis, result, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public void MultiplyNormal(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
        => SparseMatrixProducts.MultiplyNormal(_matrix, basis, result, maxDegreeOfParallelism);

    /// <summary>A <paramref name="rows"/> x <paramref name="columns"/> view over <paramref name="storage"/>, (re)allocated when too small: the operator is called repeatedly with the same block size.</summary>
    private static MatrixView Buffer(ref float[]? storage, int rows, int columns)
    {
        int length = checked(rows * columns);
        if (storage is null || storage.Length < length)
        {
            storage = new float[length];
        }

        return new MatrixView(storage, rows, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlyMatrixView source, MatrixView target)
    {
        MatrixShape.RequireRows(nameof(target), target.Rows, source.Columns);
        MatrixShape.RequireColumns(nameof(target), target.Columns, source.Rows);
        Span<float> destination = target.Data.Span;
        int stride = target.RowStride;
        for (int i = 0; i < source.Rows; i++)
        {
            ReadOnlySpan<float> row = source.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                destination[(j * stride) + i] = row[j];
            }
        }
    }
}
