using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Decomposition;

/// <summary>
/// A data view whose rows are computed on demand from their index (nothing is stored), with one known-size
/// <c>Vector&lt;Single&gt;</c> column "Features". It counts what its readers do: cursors opened, rows read in total and
/// rows read by the current cursor, so a test can prove a component streamed the data instead of holding it.
/// </summary>
internal sealed class CountingDataView : IDataView
{
    private readonly Func<int, float[]> _row;
    private readonly int _rows;
    private int _cursors;
    private long _rowsRead;
    private long _currentCursorRows;

    /// <summary>A view of <paramref name="rows"/> rows of <paramref name="dimension"/> values, row <c>i</c> being <paramref name="row"/>(i).</summary>
    public CountingDataView(int rows, int dimension, Func<int, float[]> row)
    {
        _rows = rows;
        _row = row;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, dimension));
        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    /// <summary>Cursors opened so far.</summary>
    public int CursorsOpened => Volatile.Read(ref _cursors);

    /// <summary>Rows read by all cursors so far.</summary>
    public long RowsRead => Interlocked.Read(ref _rowsRead);

    /// <summary>Rows read by the most recently opened cursor.</summary>
    public long CurrentCursorRows => Interlocked.Read(ref _currentCursorRows);

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        Interlocked.Increment(ref _cursors);
        Interlocked.Exchange(ref _currentCursorRows, 0);
        return new Cursor(this, columnsNeeded.Any());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(CountingDataView owner, bool active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => owner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= owner._rows)
            {
                return false;
            }

            _position++;
            Interlocked.Increment(ref owner._rowsRead);
            Interlocked.Increment(ref owner._currentCursorRows);
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                float[] row = owner._row((int)_position);
                var editor = VBufferEditor.Create(ref value, row.Length);
                row.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
