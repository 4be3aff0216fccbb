namespace MLEmbeddings.Kernels;

/// <summary>
/// A read-only, row-major view of a dense block of <see cref="float"/> values: <see cref="Rows"/> rows of
/// <see cref="Columns"/> values, row <c>i</c> starting at offset <c>i * RowStride</c> of <see cref="Data"/>.
/// </summary>
/// <remarks>
/// The view is a small struct over <see cref="ReadOnlyMemory{T}"/>, so it can be captured by
/// <c>Parallel.For</c> bodies and stored in fields; kernels take <see cref="ReadOnlySpan{T}"/> rows from it
/// inside their loops. It never copies the data it views.
/// </remarks>
public readonly struct ReadOnlyMatrixView
{
    /// <summary>Creates a view of <paramref name="rows"/> x <paramref name="columns"/> values stored contiguously (row stride = columns).</summary>
    /// <param name="data">The backing values; at least <c>rows * columns</c> long.</param>
    /// <param name="rows">Number of rows, 0 or more.</param>
    /// <param name="columns">Number of values per row, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or <paramref name="data"/> is too short.</exception>
    public ReadOnlyMatrixView(ReadOnlyMemory<float> data, int rows, int columns)
        : this(data, rows, columns, columns)
    {
    }

    /// <summary>Creates a view whose rows start <paramref name="rowStride"/> values apart.</summary>
    /// <param name="data">The backing values; at least <c>(rows - 1) * rowStride + columns</c> long when <paramref name="rows"/> &gt; 0.</param>
    /// <param name="rows">Number of rows, 0 or more.</param>
    /// <param name="columns">Number of values per row, 0 or more.</param>
    /// <param name="rowStride">Distance between the starts of consecutive rows, at least <paramref name="columns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, the stride is smaller than the column count, or <paramref name="data"/> is too short.</exception>
    public ReadOnlyMatrixView(ReadOnlyMemory<float> data, int rows, int columns, int rowStride)
    {
        MatrixShape.Validate(data.Length, rows, columns, rowStride);
        Data = data;
        Rows = rows;
        Columns = columns;
        RowStride = rowStride;
    }

    /// <summary>The backing memory (it may extend beyond the last row).</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of values in each row.</summary>
    public int Columns { get; }

    /// <summary>Distance, in values, between the starts of consecutive rows.</summary>
    public int RowStride { get; }

    /// <summary>True when the rows follow each other without gaps (<c>RowStride == Columns</c>, or at most one row).</summary>
    public bool IsContiguous => RowStride == Columns || Rows <= 1;

    /// <summary>The values of one row.</summary>
    /// <param name="row">Row index in <c>[0, Rows)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the view.</exception>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index must be in [0, {Rows}).");
        }

        return Data.Span.Slice(row * RowStride, Columns);
    }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the view.</exception>
    public float this[int row, int column]
    {
        get
        {
            if ((uint)column >= (uint)Columns)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"Column index must be in [0, {Columns}).");
            }

            return Row(row)[column];
        }
    }

    /// <summary>A view of <paramref name="count"/> consecutive rows starting at <paramref name="start"/>, sharing this view's memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside <c>[0, Rows]</c>.</exception>
    public ReadOnlyMatrixView SliceRows(int start, int count)
    {
        MatrixShape.ValidateRange(start, count, Rows);
        if (count == 0)
        {
            return new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, Columns, Columns);
        }

        int length = ((count - 1) * RowStride) + Columns;
        return new ReadOnlyMatrixView(Data.Slice(start * RowStride, length), count, Columns, RowStride);
    }

    /// <summary>Copies the viewed values, row by row, into a new contiguous array of <c>Rows * Columns</c> values.</summary>
    public float[] ToArray()
    {
        var result = new float[Rows * Columns];
        for (int i = 0; i < Rows; i++)
        {
            Row(i).CopyTo(result.AsSpan(i * Columns, Columns));
        }

        return result;
    }
}
