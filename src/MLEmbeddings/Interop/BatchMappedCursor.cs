using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// A cursor over a <see cref="BatchMappedDataView"/>: moves the source cursor, forwards input columns, and serves
/// output columns from the batches of <see cref="LookaheadBatches"/> (created only when an output is active).
/// </summary>
internal sealed class BatchMappedCursor : DataViewRowCursor
{
    private readonly BatchMapping _mapping;
    private readonly DataViewRowCursor _source;
    private readonly LookaheadBatches? _batches;
    private readonly Delegate?[] _getters;

    /// <summary>Wraps <paramref name="source"/>; <paramref name="lookahead"/> is null when no output column is active.</summary>
    public BatchMappedCursor(BatchMapping mapping, DataViewRowCursor source, DataViewRowCursor? lookahead, bool[] activeOutputs)
    {
        _mapping = mapping;
        _source = source;
        _getters = new Delegate?[mapping.Outputs.Count];
        if (lookahead is not null)
        {
            _batches = new LookaheadBatches(mapping, lookahead, source);
            for (int j = 0; j < _getters.Length; j++)
            {
                if (activeOutputs[j])
                {
                    _getters[j] = _batches.Buffers.CreateGetter(j, () => _batches.SlotOf(_source.Position));
                }
            }
        }
    }

    /// <inheritdoc/>
    public override DataViewSchema Schema => _mapping.OutputSchema;

    /// <inheritdoc/>
    public override long Position => _source.Position;

    /// <inheritdoc/>
    public override long Batch => _source.Batch;

    /// <inheritdoc/>
    public override bool MoveNext() => _source.MoveNext();

    /// <inheritdoc/>
    public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

    /// <inheritdoc/>
    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        int output = _mapping.OutputIndex(column.Index);
        return output < 0 ? _source.IsColumnActive(_source.Schema[column.Index]) : _getters[output] is not null;
    }

    /// <inheritdoc/>
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int output = _mapping.OutputIndex(column.Index);
        if (output < 0)
        {
            return _source.GetGetter<TValue>(_source.Schema[column.Index]);
        }

        return OutputGetters.Cast<TValue>(_getters[output], _mapping.Outputs[output]);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _batches?.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
