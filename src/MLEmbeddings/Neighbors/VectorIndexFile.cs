using System.Buffers.Binary;
using System.Text;
using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The standalone index file of <see cref="VectorIndex.Save(string)"/>: a 32-byte header (the 8-byte signature
/// <c>MLEmbIdx</c>, the format version, the payload length and a 64-bit FNV-1a checksum of the payload) followed by
/// the same payload the index writes into a model zip. Reading checks the signature, the version, the length against
/// the file's size and the checksum before anything is parsed; the payload reader then checks every length prefix
/// against the bytes left before allocating.
/// </summary>
internal static class VectorIndexFile
{
    /// <summary>The format version written; files with a larger version are rejected.</summary>
    public const int FormatVersion = 1;

    private const int HeaderLength = 32;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("MLEmbIdx");

    /// <summary>Writes a file: payload to a temporary file beside <paramref name="path"/>, header patched, then renamed over it.</summary>
    public static void Write(string path, Action<ModelPayloadWriter> writePayload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        string temporary = fullPath + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                stream.Write(new byte[HeaderLength]);
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    writePayload(new ModelPayloadWriter(writer));
                }

                long payloadLength = stream.Length - HeaderLength;
                stream.Position = HeaderLength;
                ulong checksum = Checksum(stream, payloadLength);
                Span<byte> header = stackalloc byte[HeaderLength];
                Signature.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
                BinaryPrimitives.WriteInt64LittleEndian(header[16..], payloadLength);
                BinaryPrimitives.WriteUInt64LittleEndian(header[24..], checksum);
                stream.Position = 0;
                stream.Write(header);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static VectorIndex Read(string path, Func<ModelPayloadReader, VectorIndex> readPayload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        string name = $"vector index file '{path}'";
        Span<byte> header = stackalloc byte[HeaderLength];
        int read = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        if (read < Signature.Length || !header[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException($"The {name} is not an MLEmbeddings vector index file: it does not start with the signature 'MLEmbIdx'. Load files written by VectorIndex.Save(path).");
        }

        if (read < HeaderLength)
        {
            throw new InvalidDataException($"The {name} is truncated: it ends inside its {HeaderLength}-byte header ({read} bytes).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version < 1 || version > FormatVersion)
        {
            throw new InvalidDataException($"The {name} has format version {version}; this MLEmbeddings version reads versions 1 to {FormatVersion}. Update MLEmbeddings or save the index again with this version.");
        }

        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        long actual = stream.Length - HeaderLength;
        if (payloadLength != actual)
        {
            throw new InvalidDataException(
                payloadLength > actual
                    ? $"The {name} is truncated: its header announces {payloadLength} payload bytes but only {actual} follow."
                    : $"The {name} is corrupt: its header announces {payloadLength} payload bytes but {actual} follow.");
        }

        ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        if (Checksum(stream, payloadLength) != expected)
        {
            throw new InvalidDataException($"The {name} is corrupt: the checksum of its {payloadLength} payload bytes does not match the one in its header.");
        }

        stream.Position = HeaderLength;
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var payload = new ModelPayloadReader(reader, stream.Length, name);
        VectorIndex index = readPayload(payload);
        payload.RequireEnd();
        return index;
    }

    // FNV-1a over the next `length` bytes of the stream.
    private static ulong Checksum(Stream stream, long length)
    {
        ulong hash = FnvOffset;
        var buffer = new byte[1 << 16];
        long remaining = length;
        while (remaining > 0)
        {
            int count = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (count == 0)
            {
                throw new EndOfStreamException("The index file ended while its checksum was computed.");
            }

            for (int i = 0; i < count; i++)
            {
                hash = (hash ^ buffer[i]) * FnvPrime;
            }

            remaining -= count;
        }

        return hash;
    }
}
