using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Reads what <see cref="ModelPayloadWriter"/> wrote, defensively: every length prefix is checked against the
/// bytes left in the entry's payload BEFORE anything is allocated, so a corrupt or truncated model fails with
/// an <see cref="InvalidDataException"/> naming what was being read, never with an out-of-range index or a huge
/// allocation.
/// </summary>
internal sealed class ModelPayloadReader
{
    private readonly BinaryReader _reader;
    private readonly long _end;
    private readonly string _component;

    /// <summary>Wraps a reader whose payload ends at absolute stream position <paramref name="end"/>.</summary>
    /// <param name="reader">The entry's reader, positioned at the payload start.</param>
    /// <param name="end">The absolute stream position just after the payload.</param>
    /// <param name="component">The component name used in error messages.</param>
    public ModelPayloadReader(BinaryReader reader, long end, string component)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _end = end;
        _component = component;
    }

    /// <summary>Bytes left in the payload.</summary>
    public long Remaining => _end - _reader.BaseStream.Position;

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => ReadRaw<int>();

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64() => ReadRaw<long>();

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    public uint ReadUInt32() => ReadRaw<uint>();

    /// <summary>Reads a single-precision value.</summary>
    public float ReadSingle() => ReadRaw<float>();

    /// <summary>Reads a double-precision value.</summary>
    public double ReadDouble() => ReadRaw<double>();

    /// <summary>Reads a Boolean written as one byte (0 or 1; anything else is corrupt).</summary>
    public bool ReadBoolean()
    {
        byte value = ReadRaw<byte>();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Corrupt($"a Boolean is stored as {value}"),
        };
    }

    /// <summary>Reads a 32-bit integer and checks it lies in <c>[minimum, maximum]</c>.</summary>
    public int ReadInt32(string what, int minimum, int maximum)
    {
        int value = ReadInt32();
        if (value < minimum || value > maximum)
        {
            throw Corrupt($"{what} is {value}, outside [{minimum}, {maximum}]");
        }

        return value;
    }

    /// <summary>Reads a string, or null when it was written as null.</summary>
    public string? ReadString()
    {
        int length = ReadInt32();
        if (length == -1)
        {
            return null;
        }

        RequireBytes(length, 1, "a string");
        return Encoding.UTF8.GetString(_reader.ReadBytes(length));
    }

    /// <summary>Reads a string that must not be null.</summary>
    public string ReadNonNullString(string what) => ReadString() ?? throw Corrupt($"{what} is missing");

    /// <summary>Reads a length-prefixed array of single-precision values.</summary>
    public float[] ReadSingles() => ReadArray<float>();

    /// <summary>Reads a length-prefixed array of double-precision values.</summary>
    public double[] ReadDoubles() => ReadArray<double>();

    /// <summary>Reads a length-prefixed array of 32-bit integers.</summary>
    public int[] ReadInt32s() => ReadArray<int>();

    /// <summary>Reads a length-prefixed array of 64-bit integers.</summary>
    public long[] ReadInt64s() => ReadArray<long>();

    /// <summary>Reads a length-prefixed array of strings (null entries are rejected).</summary>
    public string[] ReadStrings()
    {
        int count = ReadInt32();
        RequireBytes(count, sizeof(int), "a string array");
        var values = new string[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ReadNonNullString($"string {i} of {count}");
        }

        return values;
    }

    /// <summary>Reads a dense matrix and checks its shape against its value count.</summary>
    public DenseMatrix ReadDenseMatrix()
    {
        int rows = ReadInt32("matrix row count", 0, int.MaxValue);
        int columns = ReadInt32("matrix column count", 0, int.MaxValue);
        float[] values = ReadArray<float>();
        if (values.Length != (long)rows * columns)
        {
            throw Corrupt($"a {rows} x {columns} matrix holds {values.Length} values");
        }

        return DenseMatrix.TakeOwnership(values, rows, columns);
    }

    /// <summary>Reads a CSR matrix and validates its structure.</summary>
    public CsrMatrix ReadCsrMatrix()
    {
        int rows = ReadInt32("CSR row count", 0, int.MaxValue - 1);
        int columns = ReadInt32("CSR column count", 0, int.MaxValue);
        int[] pointers = ReadArray<int>();
        int[] indices = ReadArray<int>();
        float[] values = ReadArray<float>();
        try
        {
            return CsrMatrix.TakeOwnership(rows, columns, pointers, indices, values);
        }
        catch (ArgumentException exception)
        {
            throw Corrupt($"a sparse matrix is invalid ({exception.Message})");
        }
    }

    /// <summary>Reads a length-prefixed byte blob into memory, after checking its length against the payload.</summary>
    public byte[] ReadBlob()
    {
        var bytes = new byte[ReadBlobLength()];
        _reader.BaseStream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Streams a length-prefixed byte blob into <paramref name="destination"/> without buffering it whole.</summary>
    /// <returns>The number of bytes copied.</returns>
    public long ReadBlob(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long length = ReadBlobLength();
        byte[] buffer = new byte[81920];
        long remaining = length;
        while (remaining > 0)
        {
            int read = _reader.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw Corrupt("the stream ended inside a blob");
            }

            destination.Write(buffer, 0, read);
            remaining -= read;
        }

        return length;
    }

    /// <summary>Reads a data view type written by <see cref="ModelPayloadWriter.Write(DataViewType)"/>.</summary>
    public DataViewType ReadDataViewType()
    {
        var code = (DataViewTypeCode)ReadRaw<byte>();
        switch (code)
        {
            case DataViewTypeCode.Vector:
                DataViewType item = ReadDataViewType();
                if (item is not PrimitiveDataViewType primitive)
                {
                    throw Corrupt($"a vector's item type is {item}");
                }

                int[] dimensions = ReadArray<int>();
                if (dimensions.Any(d => d < 0))
                {
                    throw Corrupt("a vector dimension is negative");
                }

                return new VectorDataViewType(primitive, dimensions);
            case DataViewTypeCode.Key:
                PrimitiveDataViewType raw = DataViewTypeCodes.Primitive((DataViewTypeCode)ReadRaw<byte>())
                    ?? throw Corrupt("a key's raw type code is unknown");
                ulong count = ReadRaw<ulong>();
                try
                {
                    return new KeyDataViewType(raw.RawType, count);
                }
                catch (ArgumentException exception)
                {
                    throw Corrupt($"a key type is invalid ({exception.Message})");
                }

            default:
                return DataViewTypeCodes.Primitive(code) ?? throw Corrupt($"data view type code {(byte)code} is unknown");
        }
    }

    /// <summary>Reads annotations written by <see cref="ModelPayloadWriter.Write(DataViewSchema.Annotations)"/>.</summary>
    public DataViewSchema.Annotations ReadAnnotations()
    {
        int count = ReadInt32();
        RequireBytes(count, sizeof(int), "annotations");
        var builder = new DataViewSchema.Annotations.Builder();
        for (int i = 0; i < count; i++)
        {
            string name = ReadNonNullString("an annotation name");
            DataViewType type = ReadDataViewType();
            AnnotationValues.Read(this, builder, name, type);
        }

        return builder.ToAnnotations();
    }

    /// <summary>Throws when payload bytes are left over: the reader and the writer disagree.</summary>
    public void RequireEnd()
    {
        if (Remaining != 0)
        {
            throw Corrupt($"{Remaining} unread bytes are left at the end");
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> naming the component and the problem.</summary>
    public InvalidDataException Corrupt(string problem)
        => new($"The saved {_component} model is corrupt or was not written by a compatible MLEmbeddings version: {problem}.");

    /// <summary>Reads one unmanaged value after checking that its bytes are present.</summary>
    internal T ReadRaw<T>()
        where T : unmanaged
    {
        RequireBytes(1, Unsafe.SizeOf<T>(), typeof(T).Name);
        T value = default;
        _reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return value;
    }

    /// <summary>Reads a length-prefixed array of unmanaged values; the length is checked before allocating.</summary>
    internal T[] ReadArray<T>()
        where T : unmanaged
    {
        int length = ReadInt32();
        RequireBytes(length, Unsafe.SizeOf<T>(), $"an array of {typeof(T).Name}");
        var values = new T[length];
        _reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private long ReadBlobLength()
    {
        long length = ReadRaw<long>();
        if (length < 0 || length > Remaining || length > Array.MaxLength)
        {
            throw Corrupt($"a blob claims {length} bytes but {Remaining} remain");
        }

        return length;
    }

    private void RequireBytes(long count, int elementSize, string what)
    {
        if (count < 0)
        {
            throw Corrupt($"{what} has negative length {count}");
        }

        long needed = count * elementSize;
        if (needed > Remaining)
        {
            throw Corrupt($"{what} claims {count} element(s) ({needed} bytes) but only {Remaining} bytes remain");
        }
    }
}
