using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Computes output rows in batches for a cursor: a second source cursor (the look-ahead) that reads only the
/// input columns runs ahead a batch at a time, and the batch function fills the output blocks. The main cursor
/// asks for the slot of its current position; rows it skipped are skipped by the look-ahead without being
/// read. Both cursors see the same rows in the same order (same source, same shuffling seed); every served row
/// is checked by comparing the two cursors' row ids, so a misalignment fails loudly instead of pairing pass-through
/// values with the wrong outputs.
/// </summary>
internal sealed class LookaheadBatches : IDisposable
{
    private readonly DataViewRowCursor _lookahead;
    private readonly BatchBuffers _buffers;
    private readonly ValueGetter<DataViewRowId> _lookaheadId;
    private readonly ValueGetter<DataViewRowId> _mainId;
    private readonly DataViewRowId[] _ids;
    private long _start = -1;
    private int _count;
    private long _verified = -1;

    /// <summary>Wraps a look-ahead cursor over the mapping's input columns, serving <paramref name="main"/>'s positions.</summary>
    public LookaheadBatches(BatchMapping mapping, DataViewRowCursor lookahead, DataViewRow main)
    {
        _lookahead = lookahead;
        _buffers = new BatchBuffers(mapping, mapping.BatchSize);
        _buffers.Bind(lookahead);
        _lookaheadId = lookahead.GetIdGetter();
        _mainId = main.GetIdGetter();
        _ids = new DataViewRowId[mapping.BatchSize];
    }

    /// <summary>The buffers whose output getters serve the rows.</summary>
    public BatchBuffers Buffers => _buffers;

    /// <summary>The slot holding row <paramref name="position"/>'s outputs, computing its batch first if needed.</summary>
    /// <exception cref="InvalidOperationException">The look-ahead and main cursors disagree on the rows.</exception>
    public int SlotOf(long position)
    {
        if (position < 0)
        {
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
        }

        if (position < _start || position >= _start + _count)
        {
            Fill(position);
        }

        int slot = (int)(position - _start);
        if (position != _verified)
        {
            DataViewRowId id = default;
            _mainId(ref id);
            if (!id.Equals(_ids[slot]))
            {
                throw Misaligned(position);
            }

            _verified = position;
        }

        return slot;
    }

    /// <inheritdoc/>
    public void Dispose() => _lookahead.Dispose();

    private void Fill(long position)
    {
        if (position < _lookahead.Position)
        {
            throw Misaligned(position);
        }

        while (_lookahead.Position < position)
        {
            if (!_lookahead.MoveNext())
            {
                throw Misaligned(position);
            }
        }

        int count = 0;
        do
        {
            _buffers.ReadRow(count);
            _lookaheadId(ref _ids[count]);
            count++;
        }
        while (count < _buffers.Capacity && _lookahead.MoveNext());

        _start = position;
        _count = count;
        _buffers.Compute(count, position);
    }

    private static InvalidOperationException Misaligned(long position)
        => new($"The input data view returned different rows to two cursors at row {position}; MLEmbeddings transformers need a source whose row order is repeatable.");
}
