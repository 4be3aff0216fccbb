namespace MLEmbeddings.Kernels;

/// <summary>
/// An immutable, contiguous, row-major matrix of <see cref="float"/> values: the type in which learned state
/// (components, projections, Mahalanobis matrices, centroids, indexed vectors) is exposed.
/// </summary>
/// <remarks>Rows are read as <see cref="ReadOnlySpan{T}"/>; nothing hands out the mutable backing array.</remarks>
public sealed class DenseMatrix
{
    private readonly float[] _values;

    /// <summary>Creates a matrix by copying <c>rows * columns</c> row-major values.</summary>
    /// <param name="rows">Number of rows, 0 or more.</param>
    /// <param name="columns">Number of columns, 0 or more.</param>
    /// <param name="values">Row-major values; exactly <c>rows * columns</c> long.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> has the wrong length.</exception>
    public DenseMatrix(int rows, int columns, ReadOnlySpan<float> values)
        : this(rows, columns, CopyChecked(rows, columns, values))
    {
    }

    private DenseMatrix(int rows, int columns, float[] values)
    {
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
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

    /// <summary>Copies a view into a new immutable matrix.</summary>
    public static DenseMatrix FromView(ReadOnlyMatrixView view) => new(view.Rows, view.Columns, view.ToArray());

    /// <summary>Copies a rectangular jagged array (all rows the same length) into a new matrix.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or one of its rows is null.</exception>
    /// <exception cref="ArgumentException">The rows have different lengths.</exception>
    public static DenseMatrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : (rows[0] ?? throw new ArgumentNullException(nameof(rows), "Row 0 is null.")).Length;
        var values = new float[checked(rows.Count * columns)];
        for (int i = 0; i < rows.Count; i++)
        {
            float[] row = rows[i] ?? throw new ArgumentNullException(nameof(rows), $"Row {i} is null.");
            if (row.Length != columns)
            {
                throw new ArgumentException($"Row {i} has {row.Length} values; row 0 has {columns}. All rows must have the same length.", nameof(rows));
            }

            row.CopyTo(values, i * columns);
        }

        return new DenseMatrix(rows.Count, columns, values);
    }

    /// <summary>The <paramref name="size"/> x <paramref name="size"/> identity matrix.</summary>
    public static DenseMatrix Identity(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var values = new float[checked(size * size)];
        for (int i = 0; i < size; i++)
        {
            values[(i * size) + i] = 1f;
        }

        return new DenseMatrix(size, size, values);
    }

    /// <summary>Wraps an array without copying. The caller gives up the array: it must never write to it again.</summary>
    internal static DenseMatrix TakeOwnership(float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        MatrixShape.Validate(values.Length, rows, columns, columns);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"Expected {rows * columns} values; got {values.Length}.", nameof(values));
        }

        return new DenseMatrix(rows, columns, values);
    }

    /// <summary>The values of one row.</summary>
    /// <param name="row">Row index in <c>[0, Rows)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the matrix.</exception>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index must be in [0, {Rows}).");
        }

        return new ReadOnlySpan<float>(_values, row * Columns, Columns);
    }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> AsSpan() => _values;

    /// <summary>A read-only view of the whole matrix, for passing to kernels.</summary>
    public ReadOnlyMatrixView AsView() => new(_values, Rows, Columns);

    /// <summary>A new matrix that is the transpose of this one.</summary>
    public DenseMatrix Transpose()
    {
        var result = new float[_values.Length];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                result[(j * Rows) + i] = _values[(i * Columns) + j];
            }
        }

        return new DenseMatrix(Columns, Rows, result);
    }

    /// <summary>A copy of the values, row-major, in a new array the caller may modify.</summary>
    public float[] ToArray() => (float[])_values.Clone();

    /// <summary>A copy of the values as a rectangular array <c>[Rows, Columns]</c>.</summary>
    public float[,] ToArray2D()
    {
        var result = new float[Rows, Columns];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                result[i, j] = _values[(i * Columns) + j];
            }
        }

        return result;
    }

    private static float[] CopyChecked(int rows, int columns, ReadOnlySpan<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long expected = (long)rows * columns;
        if (values.Length != expected)
        {
            throw new ArgumentException($"A {rows} x {columns} matrix needs {expected} values; got {values.Length}.", nameof(values));
        }

        return values.ToArray();
    }
}
