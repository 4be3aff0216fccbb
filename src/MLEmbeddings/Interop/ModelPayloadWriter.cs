using System.Runtime.InteropServices;
using System.Text;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Writes a component's learned state into its model entry. Conventions shared by every component: the
/// component's own format version is written first (by <see cref="ModelPersistence"/>), every array is
/// preceded by its length, strings are UTF-8 with a byte-length prefix; numbers are stored little-endian (arrays in native order, which is
/// little-endian on every platform ML.NET supports).
/// <see cref="ModelPayloadReader"/> reads the same layout back.
/// </summary>
internal sealed class ModelPayloadWriter
{
    private readonly BinaryWriter _writer;

    /// <summary>Wraps the main stream writer of a model entry.</summary>
    public ModelPayloadWriter(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Writes a 32-bit integer.</summary>
    public void Write(int value) => _writer.Write(value);

    /// <summary>Writes a 64-bit integer.</summary>
    public void Write(long value) => _writer.Write(value);

    /// <summary>Writes a 32-bit unsigned integer.</summary>
    public void Write(uint value) => _writer.Write(value);

    /// <summary>Writes a single-precision value.</summary>
    public void Write(float value) => _writer.Write(value);

    /// <summary>Writes a double-precision value.</summary>
    public void Write(double value) => _writer.Write(value);

    /// <summary>Writes a Boolean as one byte.</summary>
    public void Write(bool value) => _writer.Write(value);

    /// <summary>Writes a string (UTF-8, byte-length prefix); null is written as length -1.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            _writer.Write(-1);
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(value);
        _writer.Write(bytes.Length);
        _writer.Write(bytes);
    }

    /// <summary>Writes a length-prefixed array of single-precision values.</summary>
    public void Write(ReadOnlySpan<float> values) => WriteArray(values);

    /// <summary>Writes a length-prefixed array of double-precision values.</summary>
    public void Write(ReadOnlySpan<double> values) => WriteArray(values);

    /// <summary>Writes a length-prefixed array of 32-bit integers.</summary>
    public void Write(ReadOnlySpan<int> values) => WriteArray(values);

    /// <summary>Writes a length-prefixed array of 64-bit integers.</summary>
    public void Write(ReadOnlySpan<long> values) => WriteArray(values);

    /// <summary>Writes a length-prefixed array of strings.</summary>
    public void Write(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _writer.Write(values.Count);
        foreach (string value in values)
        {
            Write(value);
        }
    }

    /// <summary>Writes a dense matrix: rows, columns, then the row-major values.</summary>
    public void Write(DenseMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _writer.Write(matrix.Rows);
        _writer.Write(matrix.Columns);
        WriteArray(matrix.AsSpan());
    }

    /// <summary>Writes a CSR matrix: rows, columns, row pointers, column indices and values.</summary>
    public void Write(CsrMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _writer.Write(matrix.Rows);
        _writer.Write(matrix.Columns);
        WriteArray(matrix.RowPointers);
        WriteArray(matrix.ColumnIndices);
        WriteArray(matrix.Values);
    }

    /// <summary>Writes a length-prefixed byte blob.</summary>
    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        _writer.Write((long)bytes.Length);
        _writer.Write(bytes);
    }

    /// <summary>
    /// Writes a length-prefixed byte blob streamed from <paramref name="source"/> (for large blobs such as
    /// ONNX models): exactly <paramref name="length"/> bytes are copied, never buffered whole.
    /// </summary>
    /// <exception cref="EndOfStreamException">The source ends before <paramref name="length"/> bytes.</exception>
    public void WriteBlob(Stream source, long length)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _writer.Write(length);
        _writer.Flush();
        byte[] buffer = new byte[81920];
        long remaining = length;
        while (remaining > 0)
        {
            int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new EndOfStreamException($"The blob source ended after {length - remaining} of {length} bytes.");
            }

            _writer.BaseStream.Write(buffer, 0, read);
            remaining -= read;
        }
    }

    /// <summary>
    /// Writes a data view type: primitive types by kind, key types with their raw type and count, vector types
    /// with their item type and dimensions. Supports the types <see cref="ModelPayloadReader.ReadDataViewType"/> reads.
    /// </summary>
    /// <exception cref="NotSupportedException">The type is not a primitive, key or vector type of those.</exception>
    public void Write(DataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type)
        {
            case VectorDataViewType vector:
                _writer.Write((byte)DataViewTypeCode.Vector);
                Write(vector.ItemType);
                WriteArray(vector.Dimensions.AsSpan());
                break;
            case KeyDataViewType key:
                _writer.Write((byte)DataViewTypeCode.Key);
                _writer.Write((byte)DataViewTypeCodes.ForRawType(key.RawType));
                _writer.Write(key.Count);
                break;
            default:
                _writer.Write((byte)DataViewTypeCodes.ForPrimitive(type));
                break;
        }
    }

    /// <summary>
    /// Writes the annotations of a column (for example <c>KeyValues</c> of a label or <c>SlotNames</c> of a
    /// vector), each as name, type and value, so that <see cref="ModelPayloadReader.ReadAnnotations"/> rebuilds them.
    /// Annotations whose type is not supported (<see cref="Write(DataViewType)"/>) are skipped.
    /// </summary>
    public void Write(DataViewSchema.Annotations annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var supported = annotations.Schema.Where(c => DataViewTypeCodes.IsSupported(c.Type)).ToList();
        _writer.Write(supported.Count);
        foreach (DataViewSchema.Column column in supported)
        {
            Write(column.Name);
            Write(column.Type);
            AnnotationValues.Write(this, annotations, column);
        }
    }

    /// <summary>Writes an unmanaged value's raw bytes (used for annotation values).</summary>
    internal void WriteRaw<T>(T value)
        where T : unmanaged => _writer.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>Writes a length-prefixed array of unmanaged values (used for annotation values).</summary>
    internal void WriteArray<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        _writer.Write(values.Length);
        _writer.Write(MemoryMarshal.AsBytes(values));
    }
}
