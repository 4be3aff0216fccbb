namespace MLEmbeddings.Interop;

/// <summary>
/// A batch of rows in CSR form: row <c>i</c> holds <c>ColumnIndices[RowPointers[i]..RowPointers[i+1])</c> with the
/// matching <see cref="Values"/>, indices increasing within a row. Valid only during the map call.
/// </summary>
internal readonly ref struct SparseRows
{
    /// <summary>Wraps the block's arrays.</summary>
    public SparseRows(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values, int columns)
    {
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
        Columns = columns;
    }

    /// <summary>Row offsets, one more than the row count.</summary>
    public ReadOnlySpan<int> RowPointers { get; }

    /// <summary>Column index of each stored value.</summary>
    public ReadOnlySpan<int> ColumnIndices { get; }

    /// <summary>The stored values.</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>The vector size (number of columns).</summary>
    public int Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => RowPointers.Length - 1;
}
