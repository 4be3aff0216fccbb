using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>
/// The lazy result of a transformer's <c>Transform</c>: the input columns followed by the output columns,
/// computed batch by batch while a cursor moves and never materialised.
/// </summary>
/// <remarks>
/// A cursor that needs output columns opens two source cursors: the main one (columns the consumer asked for)
/// and a look-ahead one (only the mapping's inputs). When the consumer asks for shuffling, both get a
/// <see cref="Random"/> seeded with the same value drawn from the consumer's, so they visit rows in the same order.
/// Cursor sets return one cursor: the batch computation already uses the kernels' own parallelism.
/// </remarks>
internal sealed class BatchMappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly BatchMapping _mapping;

    /// <summary>Wraps <paramref name="source"/> (whose schema <paramref name="mapping"/> was bound to).</summary>
    public BatchMappedDataView(IDataView source, BatchMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mapping);
        _source = source;
        _mapping = mapping;
    }

    /// <inheritdoc/>
    public DataViewSchema Schema => _mapping.OutputSchema;

    /// <inheritdoc/>
    public bool CanShuffle => _source.CanShuffle;

    /// <inheritdoc/>
    public long? GetRowCount() => _source.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var sourceColumns = new List<DataViewSchema.Column>();
        bool[] activeOutputs = new bool[_mapping.Outputs.Count];
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            int output = _mapping.OutputIndex(column.Index);
            if (output < 0)
            {
                sourceColumns.Add(_source.Schema[column.Index]);
            }
            else
            {
                activeOutputs[output] = true;
            }
        }

        if (!activeOutputs.Contains(true))
        {
            return new BatchMappedCursor(_mapping, _source.GetRowCursor(sourceColumns, rand), null, activeOutputs);
        }

        int? seed = rand?.Next();
        DataViewRowCursor main = _source.GetRowCursor(sourceColumns, seed is null ? null : new Random(seed.Value));
        DataViewRowCursor lookahead = _source.GetRowCursor(_mapping.InputColumns, seed is null ? null : new Random(seed.Value));
        return new BatchMappedCursor(_mapping, main, lookahead, activeOutputs);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];
}
