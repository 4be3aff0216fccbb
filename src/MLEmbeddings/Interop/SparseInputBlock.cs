using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>A batch of a known-size <c>Vector&lt;Single&gt;</c> column kept sparse (CSR); dense rows keep their non-zero values.</summary>
internal sealed class SparseInputBlock : IInputBlock
{
    private readonly DataViewSchema.Column _column;
    private readonly int[] _rowPointers;
    private int[] _indices = new int[256];
    private float[] _values = new float[256];
    private ValueGetter<VBuffer<float>>? _getter;
    private VBuffer<float> _buffer;

    /// <summary>Prepares storage for <paramref name="capacity"/> rows; value storage grows as needed and is reused.</summary>
    public SparseInputBlock(DataViewSchema.Column column, int capacity)
    {
        _column = column;
        Size = ((VectorDataViewType)column.Type).Size;
        _rowPointers = new int[capacity + 1];
    }

    /// <summary>The vector size.</summary>
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

        int start = slot == 0 ? 0 : _rowPointers[slot];
        _rowPointers[slot] = start;
        ReadOnlySpan<float> values = _buffer.GetValues();
        EnsureCapacity(start + values.Length);
        int count;
        if (_buffer.IsDense)
        {
            count = 0;
            for (int j = 0; j < values.Length; j++)
            {
                if (values[j] != 0f)
                {
                    _indices[start + count] = j;
                    _values[start + count] = values[j];
                    count++;
                }
            }
        }
        else
        {
            _buffer.GetIndices().CopyTo(_indices.AsSpan(start));
            values.CopyTo(_values.AsSpan(start));
            count = values.Length;
        }

        _rowPointers[slot + 1] = start + count;
    }

    /// <summary>The first <paramref name="rows"/> rows.</summary>
    public SparseRows View(int rows)
    {
        int count = _rowPointers[rows];
        return new SparseRows(_rowPointers.AsSpan(0, rows + 1), _indices.AsSpan(0, count), _values.AsSpan(0, count), Size);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed > _indices.Length)
        {
            int length = Math.Max(needed, _indices.Length * 2);
            Array.Resize(ref _indices, length);
            Array.Resize(ref _values, length);
        }
    }
}
