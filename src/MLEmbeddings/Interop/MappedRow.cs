using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// A row of a <see cref="BatchRowToRowMapper"/> (what <c>PredictionEngine</c> uses): forwards the input row's
/// columns and computes the outputs as a batch of one the first time a getter is called at a new position.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly BatchMapping _mapping;
    private readonly DataViewRow _input;
    private readonly BatchBuffers _buffers;
    private readonly Delegate?[] _getters;
    private long _computed = -1;

    /// <summary>Wraps <paramref name="input"/>; only outputs flagged in <paramref name="activeOutputs"/> get getters.</summary>
    public MappedRow(BatchMapping mapping, DataViewRow input, bool[] activeOutputs)
    {
        _mapping = mapping;
        _input = input;
        _buffers = new BatchBuffers(mapping, 1);
        _getters = new Delegate?[mapping.Outputs.Count];
        if (activeOutputs.Contains(true))
        {
            _buffers.Bind(input);
            for (int j = 0; j < _getters.Length; j++)
            {
                if (activeOutputs[j])
                {
                    _getters[j] = _buffers.CreateGetter(j, EnsureComputed);
                }
            }
        }
    }

    /// <inheritdoc/>
    public override DataViewSchema Schema => _mapping.OutputSchema;

    /// <inheritdoc/>
    public override long Position => _input.Position;

    /// <inheritdoc/>
    public override long Batch => _input.Batch;

    /// <inheritdoc/>
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    /// <inheritdoc/>
    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        int output = _mapping.OutputIndex(column.Index);
        return output < 0 ? _input.IsColumnActive(_input.Schema[column.Index]) : _getters[output] is not null;
    }

    /// <inheritdoc/>
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int output = _mapping.OutputIndex(column.Index);
        return output < 0
            ? _input.GetGetter<TValue>(_input.Schema[column.Index])
            : OutputGetters.Cast<TValue>(_getters[output], _mapping.Outputs[output]);
    }

    private int EnsureComputed()
    {
        long position = _input.Position;
        if (position != _computed || position < 0)
        {
            _buffers.ReadRow(0);
            _buffers.Compute(1, Math.Max(position, 0));
            _computed = position;
        }

        return 0;
    }
}
