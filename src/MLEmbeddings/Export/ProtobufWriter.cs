using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MLEmbeddings.Export;

/// <summary>
/// A minimal Protocol Buffers encoder (wire format only: varints, fixed 32-bit floats, length-delimited fields, nested messages), enough to
/// write ONNX models without a protobuf package. Fields are written in the order the caller writes them; nested
/// messages are built in their own writer and copied in with their length prefix.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Writes a varint field (int32, int64, enum, bool); negative values take ten bytes, as protobuf encodes them.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, VarintWireType);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>Writes a float field (wire type 5, four little-endian bytes), as ONNX <c>AttributeProto.f</c>.</summary>
    public void WriteSingle(int field, float value)
    {
        WriteTag(field, Fixed32WireType);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(sizeof(float)), value);
        _buffer.Advance(sizeof(float));
    }

    /// <summary>Float values as little-endian bytes (the content of ONNX <c>TensorProto.raw_data</c>).</summary>
    public static byte[] EncodeFloats(ReadOnlySpan<float> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(float))];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>Writes a nested message field whose content <paramref name="writeContent"/> produces.</summary>
    public void WriteMessage(int field, Action<ProtobufWriter> writeContent)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        var nested = new ProtobufWriter();
        writeContent(nested);
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)nested.Length);
        _buffer.Write(nested._buffer.WrittenSpan);
    }

    /// <summary>Copies the encoded bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(_buffer.WrittenSpan);
    }

    private void WriteTag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
