using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// The <see cref="IRowToRowMapper"/> of a batch-mapped transformer: maps one row at a time (a batch of one),
/// which is what <c>PredictionEngine</c> and ML.NET's row-to-row chains use.
/// </summary>
internal sealed class BatchRowToRowMapper : IRowToRowMapper
{
    private readonly BatchMapping _mapping;

    /// <summary>Wraps a mapping bound to the input schema.</summary>
    public BatchRowToRowMapper(BatchMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
    }

    /// <inheritdoc/>
    public DataViewSchema InputSchema => _mapping.InputSchema;

    /// <inheritdoc/>
    public DataViewSchema OutputSchema => _mapping.OutputSchema;

    /// <inheritdoc/>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        ArgumentNullException.ThrowIfNull(dependingColumns);
        var needed = new HashSet<int>();
        foreach (DataViewSchema.Column column in dependingColumns)
        {
            if (_mapping.OutputIndex(column.Index) < 0)
            {
                needed.Add(column.Index);
            }
            else
            {
                needed.UnionWith(_mapping.InputColumns.Select(c => c.Index));
            }
        }

        return needed.Order().Select(i => InputSchema[i]).ToArray();
    }

    /// <inheritdoc/>
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        bool[] activeOutputs = new bool[_mapping.Outputs.Count];
        foreach (DataViewSchema.Column column in activeColumns)
        {
            int output = _mapping.OutputIndex(column.Index);
            if (output >= 0)
            {
                activeOutputs[output] = true;
            }
        }

        return new MappedRow(_mapping, input, activeOutputs);
    }
}
