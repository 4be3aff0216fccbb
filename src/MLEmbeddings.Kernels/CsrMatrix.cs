namespace MLEmbeddings.Kernels;

/// <summary>
/// An immutable sparse matrix in compressed sparse row (CSR) form: for row <c>i</c>, the stored entries are
/// <c>ColumnIndices[RowPointers[i] .. RowPointers[i + 1])</c> with the matching <see cref="Values"/>, column
/// indices strictly increasing within a row.
/// </summary>
public sealed class CsrMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly float[] _values;
    private ColumnPartition? _columnPartition;

    /// <summary>Creates a CSR matrix from its three arrays, which are validated and copied.</summary>
    /// <param name="rows">Number of rows, 0 or more.</param>
    /// <param name="columns">Number of columns, 0 or more.</param>
    /// <param name="rowPointers"><c>rows + 1</c> non-decreasing offsets, starting at 0 and ending at the number of stored entries.</param>
    /// <param name="columnIndices">Column of each stored entry, in <c>[0, columns)</c>, strictly increasing within each row.</param>
    /// <param name="values">Value of each stored entry; same length as <paramref name="columnIndices"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">The arrays are inconsistent; the message names the first problem.</exception>
    public CsrMatrix(int rows, int columns, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values)
        : this(rows, columns, rowPointers.ToArray(), columnIndices.ToArray(), values.ToArray(), validate: true)
    {
    }

    private CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values, bool validate)
    {
        if (validate)
        {
            Validate(rows, columns, rowPointers, columnIndices, values);
        }

        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeroCount => _values.Length;

    /// <summary>The <c>Rows + 1</c> row offsets into <see cref="ColumnIndices"/> and <see cref="Values"/>.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>The column of every stored entry, row by row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>The value of every stored entry, row by row.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Builds a CSR matrix from a dense view, storing the entries whose value is not zero.</summary>
    public static CsrMatrix FromDense(ReadOnlyMatrixView dense)
    {
        var pointers = new int[dense.Rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < dense.Rows; i++)
        {
            ReadOnlySpan<float> row = dense.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] != 0f)
                {
                    indices.Add(j);
                    values.Add(row[j]);
                }
            }

            pointers[i + 1] = values.Count;
        }

        return new CsrMatrix(dense.Rows, dense.Columns, pointers, indices.ToArray(), values.ToArray(), validate: false);
    }

    /// <summary>Wraps arrays without copying after validating them. The caller gives the arrays up.</summary>
    internal static CsrMatrix TakeOwnership(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
        => new(rows, columns, rowPointers, columnIndices, values, validate: true);

    /// <summary>The column indices of the stored entries of one row.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the matrix.</exception>
    public ReadOnlySpan<int> RowColumnIndices(int row)
    {
        CheckRow(row);
        return _columnIndices.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>The values of the stored entries of one row.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the matrix.</exception>
    public ReadOnlySpan<float> RowValues(int row)
    {
        CheckRow(row);
        return _values.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>Writes the matrix, zeros included, into a dense view of the same shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another shape.</exception>
    public void CopyTo(MatrixView destination)
    {
        MatrixShape.RequireRows(nameof(destination), destination.Rows, Rows);
        MatrixShape.RequireColumns(nameof(destination), destination.Columns, Columns);
        for (int i = 0; i < Rows; i++)
        {
            Span<float> target = destination.Row(i);
            target.Clear();
            for (int p = _rowPointers[i]; p < _rowPointers[i + 1]; p++)
            {
                target[_columnIndices[p]] = _values[p];
            }
        }
    }

    /// <summary>A new CSR matrix that is the transpose of this one (column indices stay sorted).</summary>
    public CsrMatrix Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (int column in _columnIndices)
        {
            pointers[column + 1]++;
        }

        for (int j = 0; j < Columns; j++)
        {
            pointers[j + 1] += pointers[j];
        }

        var next = (int[])pointers.Clone();
        var indices = new int[_values.Length];
        var values = new float[_values.Length];
        for (int i = 0; i < Rows; i++)
        {
            for (int p = _rowPointers[i]; p < _rowPointers[i + 1]; p++)
            {
                int slot = next[_columnIndices[p]]++;
                indices[slot] = i;
                values[slot] = _values[p];
            }
        }

        return new CsrMatrix(Columns, Rows, pointers, indices, values, validate: false);
    }

    /// <summary>
    /// Splits the columns into at most <paramref name="parts"/> consecutive ranges holding about the same number of stored
    /// entries, as range bounds <c>[0, b_1, ..., d]</c>. The last split is cached, so repeated products with the same
    /// thread count allocate nothing.
    /// </summary>
    internal int[] ColumnRanges(int parts)
    {
        ColumnPartition? cached = _columnPartition;
        if (cached is not null && cached.Parts == parts)
        {
            return cached.Bounds;
        }

        var partition = new ColumnPartition(parts, SplitColumns(parts));
        _columnPartition = partition;
        return partition.Bounds;
    }

    private int[] SplitColumns(int parts)
    {
        if (parts <= 1 || Columns <= 1 || NonZeroCount == 0)
        {
            return [0, Columns];
        }

        var counts = new int[Columns];
        foreach (int column in _columnIndices)
        {
            counts[column]++;
        }

        var bounds = new List<int>(parts + 1) { 0 };
        long seen = 0;
        for (int j = 0; j < Columns && bounds.Count < parts; j++)
        {
            seen += counts[j];
            if (seen * parts >= (long)bounds.Count * NonZeroCount && j + 1 < Columns)
            {
                bounds.Add(j + 1);
            }
        }

        bounds.Add(Columns);
        return [.. bounds];
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index must be in [0, {Rows}).");
        }
    }

    private static void Validate(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowPointers.Length != rows + 1)
        {
            throw new ArgumentException($"Expected {rows + 1} row pointers for {rows} rows; got {rowPointers.Length}.", nameof(rowPointers));
        }

        if (columnIndices.Length != values.Length)
        {
            throw new ArgumentException($"Column indices ({columnIndices.Length}) and values ({values.Length}) must have the same length.", nameof(values));
        }

        if (rowPointers[0] != 0 || rowPointers[rows] != values.Length)
        {
            throw new ArgumentException($"Row pointers must start at 0 and end at the entry count {values.Length}; got {rowPointers[0]} and {rowPointers[rows]}.", nameof(rowPointers));
        }

        for (int i = 0; i < rows; i++)
        {
            if (rowPointers[i + 1] < rowPointers[i])
            {
                throw new ArgumentException($"Row pointers must not decrease; row {i} starts at {rowPointers[i]} and ends at {rowPointers[i + 1]}.", nameof(rowPointers));
            }
        }

        for (int i = 0; i < rows; i++)
        {
            int start = rowPointers[i];
            int end = rowPointers[i + 1];
            for (int p = start; p < end; p++)
            {
                int column = columnIndices[p];
                if ((uint)column >= (uint)columns)
                {
                    throw new ArgumentException($"Row {i} has column index {column}, outside [0, {columns}).", nameof(columnIndices));
                }

                if (p > start && column <= columnIndices[p - 1])
                {
                    throw new ArgumentException($"Row {i}: column indices must be strictly increasing; {column} follows {columnIndices[p - 1]}.", nameof(columnIndices));
                }
            }
        }
    }

    /// <summary>A column split for one thread count, replaced as a whole so readers on other threads see either split.</summary>
    private sealed record ColumnPartition(int Parts, int[] Bounds);
}
