using System.Runtime.CompilerServices;
using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// What the quantized stores share: a pinned array of fixed-length codes that grows by doubling, the optional
/// full-precision copy for re-ranking, and the payload layout (kind tag, dimension, metric, the quantizer's parameters,
/// count, codes, full-precision copy). A subclass encodes, decodes and writes its quantizer's parameters.
/// </summary>
/// <typeparam name="TCode">One element of a code: a 64-bit word of bits or a byte level.</typeparam>
internal abstract class QuantizedVectorStore<TCode> : VectorStore
    where TCode : unmanaged
{
    private readonly VectorStoreKind _kind;
    private TCode[] _codes;
    private int _capacity;
    private int _count;

    private protected QuantizedVectorStore(VectorStoreKind kind, int dimension, bool squaredEuclidean, int codeLength, FloatVectorStore? fullPrecision, int capacity)
        : base(dimension, squaredEuclidean)
    {
        _kind = kind;
        CodeLength = codeLength;
        FullPrecision = fullPrecision;
        _capacity = Math.Max(capacity, 1);
        _codes = GC.AllocateArray<TCode>(_capacity * codeLength, pinned: true);
    }

    /// <summary>Code elements between the starts of consecutive codes.</summary>
    public int CodeLength { get; }

    public override int Count => Volatile.Read(ref _count);

    public override FloatVectorStore? FullPrecision { get; }

    public override long MemoryBytes
        => ((long)_capacity * ((CodeLength * Unsafe.SizeOf<TCode>()) + ExtraBytesPerVector)) + (FullPrecision?.MemoryBytes ?? 0);

    /// <summary>The codes array (pinned; replaced when the store grows).</summary>
    public TCode[] Codes => Volatile.Read(ref _codes);

    /// <summary>Bytes a subclass keeps per vector besides the code (0 unless overridden).</summary>
    private protected virtual int ExtraBytesPerVector => 0;

    public override void Reserve(int capacity)
    {
        FullPrecision?.Reserve(capacity);
        if (capacity <= _capacity)
        {
            return;
        }

        TCode[] codes = GC.AllocateArray<TCode>(checked(capacity * CodeLength), pinned: true);
        _codes.AsSpan(0, _count * CodeLength).CopyTo(codes);
        GrowPerVectorData(capacity, _count);
        Volatile.Write(ref _codes, codes);
        _capacity = capacity;
    }

    public override void Append(ReadOnlySpan<float> vector)
    {
        if (_count == _capacity)
        {
            Reserve(GrownCapacity(_capacity, _count + 1));
        }

        FullPrecision?.Append(vector);
        EncodeAppended(_count, vector, _codes.AsSpan(_count * CodeLength, CodeLength));
        Volatile.Write(ref _count, _count + 1);
    }

    public override void CopyVector(int id, Span<float> destination)
    {
        if (FullPrecision is not null)
        {
            FullPrecision.CopyVector(id, destination);
            return;
        }

        Decode(id, destination);
    }

    /// <summary>Decodes code <paramref name="id"/> into <paramref name="destination"/> (<c>Dimension</c> values).</summary>
    public abstract void Decode(int id, Span<float> destination);

    public override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)_kind);
        writer.Write(Dimension);
        writer.Write(SquaredEuclidean);
        WriteParameters(writer);
        writer.Write(_count);
        writer.WriteArray<TCode>(_codes.AsSpan(0, _count * CodeLength));
        writer.Write(FullPrecision is not null);
        FullPrecision?.WriteState(writer);
    }

    /// <summary>Reads the count and the codes, written by <see cref="Save"/> after the quantizer's parameters.</summary>
    private protected static (int Count, TCode[] Codes) ReadCodes(ModelPayloadReader reader)
    {
        int count = reader.ReadInt32("the code count", 0, int.MaxValue);
        return (count, reader.ReadArray<TCode>());
    }

    /// <summary>Reads the optional full-precision copy written by <see cref="Save"/> and checks it matches the codes.</summary>
    private protected static FloatVectorStore? ReadFullPrecision(ModelPayloadReader reader, int count, int dimension, bool squaredEuclidean)
    {
        FloatVectorStore? full = reader.ReadBoolean() ? FloatVectorStore.LoadState(reader) : null;
        if (full is not null && (full.Count != count || full.Dimension != dimension || full.SquaredEuclidean != squaredEuclidean))
        {
            throw reader.Corrupt($"the full-precision copy holds {full.Count} vectors of dimension {full.Dimension}, the codes {count} of dimension {dimension}");
        }

        return full;
    }

    /// <summary>Puts loaded <paramref name="codes"/> of <paramref name="count"/> vectors into this new, empty store (capacity at least <paramref name="count"/>).</summary>
    private protected void RestoreCodes(TCode[] codes, int count)
    {
        codes.CopyTo(_codes, 0);
        _count = count;
    }

    /// <summary>Writes the quantizer's parameters (between the metric and the count).</summary>
    private protected abstract void WriteParameters(ModelPayloadWriter writer);

    /// <summary>Encodes appended vector <paramref name="id"/> into <paramref name="code"/> (<see cref="CodeLength"/> elements, zero on entry).</summary>
    private protected abstract void EncodeAppended(int id, ReadOnlySpan<float> vector, Span<TCode> code);

    /// <summary>Grows what a subclass keeps per vector to <paramref name="capacity"/>, keeping the first <paramref name="count"/> (nothing unless overridden).</summary>
    private protected virtual void GrowPerVectorData(int capacity, int count)
    {
    }
}
