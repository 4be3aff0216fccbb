using System.Runtime.CompilerServices;
using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Full-precision vectors, row-major in one pinned array, each row padded with zeros to <see cref="Stride"/> (a
/// multiple of 16 floats) and starting on a 64-byte boundary, so the distance kernels never take a tail path and a
/// prefetch of the row start fetches whole lines.
/// </summary>
internal sealed class FloatVectorStore : VectorStore
{
    private const int AlignmentInFloats = 16;

    private AlignedBlock _block;
    private int _capacity;
    private int _count;

    public FloatVectorStore(int dimension, bool squaredEuclidean, int capacity)
        : base(dimension, squaredEuclidean)
    {
        Stride = RoundUpTo16(Math.Max(dimension, 1));
        _block = Allocate(Math.Max(capacity, 1), Stride);
        _capacity = Math.Max(capacity, 1);
    }

    /// <summary>Floats between the starts of consecutive rows.</summary>
    public int Stride { get; }

    public override int Count => Volatile.Read(ref _count);

    public override FloatVectorStore? FullPrecision => null;

    public override long MemoryBytes => (long)_capacity * Stride * sizeof(float);

    /// <summary>The current backing block (pinned; replaced as a whole when the store grows, so a search keeps a consistent snapshot).</summary>
    public AlignedBlock Block => Volatile.Read(ref _block);

    /// <summary>Row <paramref name="id"/> including its zero padding (<see cref="Stride"/> values).</summary>
    public ReadOnlySpan<float> PaddedRow(int id)
    {
        AlignedBlock block = Block;
        return block.Values.AsSpan(block.Start + (id * Stride), Stride);
    }

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity)
        {
            return;
        }

        AlignedBlock grown = Allocate(capacity, Stride);
        _block.Values.AsSpan(_block.Start, _count * Stride).CopyTo(grown.Values.AsSpan(grown.Start));
        Volatile.Write(ref _block, grown);
        _capacity = capacity;
    }

    public override void Append(ReadOnlySpan<float> vector)
    {
        if (_count == _capacity)
        {
            Reserve(GrownCapacity(_capacity, _count + 1));
        }

        vector.CopyTo(_block.Values.AsSpan(_block.Start + (_count * Stride), Dimension));
        Volatile.Write(ref _count, _count + 1);
    }

    public override void CopyVector(int id, Span<float> destination) => PaddedRow(id)[..Dimension].CopyTo(destination);

    public override void Dispatch(IDistanceSpaceAction action)
    {
        var space = new FloatSpace(this);
        action.Run(ref space);
    }

    public override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)VectorStoreKind.Float);
        WriteState(writer);
    }

    /// <summary>Writes dimension, metric flag, count and the unpadded rows (no kind tag).</summary>
    public void WriteState(ModelPayloadWriter writer)
    {
        writer.Write(Dimension);
        writer.Write(SquaredEuclidean);
        writer.Write(_count);
        var row = new float[Dimension];
        for (int id = 0; id < _count; id++)
        {
            CopyVector(id, row);
            writer.WriteArray<float>(row);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    public static FloatVectorStore LoadState(ModelPayloadReader reader)
    {
        int dimension = reader.ReadInt32("the vector dimension", 1, 1 << 24);
        bool squaredEuclidean = reader.ReadBoolean();
        int count = reader.ReadInt32("the vector count", 0, int.MaxValue);
        if ((long)count * ((dimension * sizeof(float)) + sizeof(int)) > reader.Remaining)
        {
            throw reader.Corrupt($"{count} vectors of dimension {dimension} do not fit in the {reader.Remaining} bytes left");
        }

        var store = new FloatVectorStore(dimension, squaredEuclidean, count);
        for (int id = 0; id < count; id++)
        {
            float[] row = reader.ReadArray<float>();
            if (row.Length != dimension)
            {
                throw reader.Corrupt($"stored vector {id} has {row.Length} values, expected {dimension}");
            }

            store.Append(row);
        }

        return store;
    }

    private static unsafe AlignedBlock Allocate(int capacity, int stride)
    {
        long length = ((long)capacity * stride) + AlignmentInFloats;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{capacity} vectors of {stride} floats need {length} values, more than one array can hold ({Array.MaxLength}).");
        }

        float[] values = GC.AllocateArray<float>((int)length, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref values[0]);
        int start = (int)((AlignmentInFloats - ((address / sizeof(float)) % AlignmentInFloats)) % AlignmentInFloats);
        return new AlignedBlock(values, start);
    }
}
