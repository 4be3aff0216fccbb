using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>A batch of a known-size <c>Vector&lt;Single&gt;</c> column as a row-major block; sparse rows are densified.</summary>
internal sealed class DenseInputBlock : IInputBlock
{
    private readonly DataViewSchema.Column _column;
    private readonly float[] _values;
    private ValueGetter<VBuffer<float>>? _getter;
    private VBuffer<float> _buffer;

    /// <summary>Allocates <paramref name="capacity"/> rows of the column's size.</summary>
    public DenseInputBlock(DataViewSchema.Column column, int capacity)
    {
        _column = column;
        Size = ((VectorDataViewType)column.Type).Size;
        _values = new float[checked(capacity * Size)];
    }

    /// <summary>Values per row.</summary>
    public int Size { get; }

    /// <inheritdoc/>
    public void Bind(DataViewRow row) => _getter = row.GetGetter<VBuffer<float>>(row.Schema[_column.Index]);

    /// <inheritdoc/>
    public void Read(int slot)
    {
        _getter!(ref _buffer);
        if (_buffer.Length != Size)
        {
            throw new InvalidOperationException($"Column '{_column.Name}': a row has {_buffer.Length} values although the column type declares {Size}.");
        }

        _buffer.CopyTo(_values.AsSpan(slot * Size, Size));
    }

    /// <summary>The first <paramref name="rows"/> rows as a matrix view.</summary>
    public ReadOnlyMatrixView View(int rows) => new(_values, rows, Size);
}
