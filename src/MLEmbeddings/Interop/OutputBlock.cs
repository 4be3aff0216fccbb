using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>A batch of one output column: <c>capacity x width</c> values of raw type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The column's raw item type (<see cref="float"/> for <c>Vector&lt;Single&gt;</c>, <see cref="uint"/> for keys).</typeparam>
internal sealed class OutputBlock<T> : IOutputBlock
{
    private readonly T[] _values;
    private readonly int _width;
    private readonly bool _isVector;

    /// <summary>Allocates the block for <paramref name="capacity"/> rows of <paramref name="column"/>.</summary>
    public OutputBlock(OutputColumn column, int capacity)
    {
        _width = column.Width;
        _isVector = column.Type is VectorDataViewType;
        _values = new T[checked(capacity * _width)];
    }

    /// <summary>The block's storage: row <c>i</c> occupies <c>[i * width, (i + 1) * width)</c>.</summary>
    public T[] Values => _values;

    /// <inheritdoc/>
    public Delegate CreateGetter(Func<int> slotOfCurrentRow)
    {
        if (_isVector)
        {
            return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                int slot = slotOfCurrentRow();
                VBufferEditor<T> editor = VBufferEditor.Create(ref value, _width);
                _values.AsSpan(slot * _width, _width).CopyTo(editor.Values);
                value = editor.Commit();
            });
        }

        return (ValueGetter<T>)((ref T value) => value = _values[slotOfCurrentRow()]);
    }
}
