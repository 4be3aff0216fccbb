using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MLEmbeddings.Benchmarks;

/// <summary>Minimal reader and writer of NumPy <c>.npy</c> files (format 1.0, C order), for exchanging data with peer scripts.</summary>
public static class NumpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    /// <summary>Writes a rows x columns float32 matrix.</summary>
    public static void WriteSingle(string path, ReadOnlySpan<float> values, int rows, int columns)
    {
        using FileStream stream = File.Create(path);
        WriteHeader(stream, "<f4", rows, columns);
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads a 2-D int64 matrix (as faiss returns ids) into int values.</summary>
    public static int[] ReadInt64AsInt32(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'<i8'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: expected a C-order int64 array; header {header}");
        }

        ReadOnlySpan<long> values = MemoryMarshal.Cast<byte, long>(bytes.AsSpan(10 + headerLength));
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = checked((int)values[i]);
        }

        return result;
    }

    /// <summary>Reads a C-order float32 array of any shape as its flat values.</summary>
    public static float[] ReadSingles(string path)
    {
        (byte[] bytes, int offset) = ReadChecked(path, "'<f4'");
        return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset)).ToArray();
    }

    /// <summary>Reads a C-order int32 array of any shape as its flat values.</summary>
    public static int[] ReadInt32s(string path)
    {
        (byte[] bytes, int offset) = ReadChecked(path, "'<i4'");
        return MemoryMarshal.Cast<byte, int>(bytes.AsSpan(offset)).ToArray();
    }

    /// <summary>The file's bytes and the offset of its data, after checking the element type and C order.</summary>
    private static (byte[] Bytes, int Offset) ReadChecked(string path, string descriptor)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains(descriptor, StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: expected a C-order {descriptor} array; header {header}");
        }

        return (bytes, 10 + headerLength);
    }

    private static void WriteHeader(Stream stream, string descriptor, int rows, int columns)
    {
        string dictionary = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{descriptor}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        int unpadded = Magic.Length + 2 + dictionary.Length + 1;
        int padding = (64 - (unpadded % 64)) % 64;
        string header = dictionary + new string(' ', padding) + "\n";
        stream.Write(Magic);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
    }
}
