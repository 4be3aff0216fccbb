using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>A batch of a scalar column of raw type <typeparamref name="T"/>, one value per row.</summary>
/// <typeparam name="T">The column's raw type (for example <see cref="ReadOnlyMemory{T}"/> of char for text).</typeparam>
internal sealed class ScalarInputBlock<T> : IInputBlock
{
    /// <summary>
    /// Text values are copied: a source may reuse the characters behind a <see cref="ReadOnlyMemory{T}"/> for the
    /// next row, and a batch keeps several rows.
    /// </summary>
    private static readonly Func<T, T> Own = typeof(T) == typeof(ReadOnlyMemory<char>)
        ? (Func<T, T>)(object)(Func<ReadOnlyMemory<char>, ReadOnlyMemory<char>>)(text => text.ToString().AsMemory())
        : value => value;

    private readonly DataViewSchema.Column _column;
    private readonly T[] _values;
    private ValueGetter<T>? _getter;

    /// <summary>Allocates <paramref name="capacity"/> slots.</summary>
    public ScalarInputBlock(DataViewSchema.Column column, int capacity)
    {
        _column = column;
        _values = new T[capacity];
    }

    /// <inheritdoc/>
    public void Bind(DataViewRow row) => _getter = row.GetGetter<T>(row.Schema[_column.Index]);

    /// <inheritdoc/>
    public void Read(int slot)
    {
        T value = default!;
        _getter!(ref value);
        _values[slot] = Own(value);
    }

    /// <summary>The first <paramref name="rows"/> values.</summary>
    public ReadOnlySpan<T> View(int rows) => _values.AsSpan(0, rows);
}
