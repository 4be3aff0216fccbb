using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Random-access storage of the vectors of an index, with ids <c>0 .. Count - 1</c>: full-precision floats or
/// quantized codes (optionally with a full-precision copy for re-ranking). One writer appends; searches read
/// concurrently (a search works on the arrays it saw when it started; growth copies into new arrays).
/// </summary>
internal abstract class VectorStore
{
    private protected VectorStore(int dimension, bool squaredEuclidean)
    {
        Dimension = dimension;
        SquaredEuclidean = squaredEuclidean;
    }

    /// <summary>Values per vector.</summary>
    public int Dimension { get; }

    /// <summary>True when keys are squared Euclidean distances; false when they are minus inner products.</summary>
    public bool SquaredEuclidean { get; }

    /// <summary>Number of stored vectors.</summary>
    public abstract int Count { get; }

    /// <summary>The full-precision copy used for re-ranking, or null when codes alone are kept (or for the float store itself).</summary>
    public abstract FloatVectorStore? FullPrecision { get; }

    /// <summary>Whether <see cref="IDistanceSpace{TSelf}.ExactKey"/> is more accurate than <see cref="IDistanceSpace{TSelf}.Key"/> (codes with a full-precision copy).</summary>
    public bool CanRerank => FullPrecision is not null;

    /// <summary>Bytes held by vectors and codes.</summary>
    public abstract long MemoryBytes { get; }

    /// <summary>Makes room for <paramref name="capacity"/> vectors.</summary>
    public abstract void Reserve(int capacity);

    /// <summary>Appends a vector (prepared for the metric: unit length for cosine).</summary>
    public abstract void Append(ReadOnlySpan<float> vector);

    /// <summary>Copies vector <paramref name="id"/>: the full-precision copy when kept, else decoded from its code.</summary>
    public abstract void CopyVector(int id, Span<float> destination);

    /// <summary>Runs <paramref name="action"/> with a new distance space of this store.</summary>
    public abstract void Dispatch(IDistanceSpaceAction action);

    /// <summary>The reported score of a key: the distance for squared Euclidean, the similarity (minus the key) otherwise.</summary>
    public virtual float KeyToScore(float key) => SquaredEuclidean ? Math.Max(key, 0f) : -key;

    /// <summary>The reported score of an exact (full-precision) key.</summary>
    public float ExactKeyToScore(float key) => SquaredEuclidean ? Math.Max(key, 0f) : -key;

    /// <summary>Writes the store, kind tag first.</summary>
    public abstract void Save(ModelPayloadWriter writer);

    /// <summary>Reads a store written by <see cref="Save"/>.</summary>
    public static VectorStore Load(ModelPayloadReader reader)
    {
        var kind = (VectorStoreKind)reader.ReadInt32("the vector storage kind", 0, (int)VectorStoreKind.Binary);
        return kind switch
        {
            VectorStoreKind.Float => FloatVectorStore.LoadState(reader),
            VectorStoreKind.ScalarInt8 => ScalarQuantizedStore.LoadState(reader),
            _ => BinaryCodeStore.LoadState(reader),
        };
    }

    /// <summary>Rounds <paramref name="count"/> up to a multiple of 16 (64 bytes of floats, one AVX-512 register).</summary>
    public static int RoundUpTo16(int count) => checked((count + 15) & ~15);

    /// <summary>The next capacity when full: doubling, at least <paramref name="needed"/>.</summary>
    private protected static int GrownCapacity(int current, int needed) => (int)Math.Min(Array.MaxLength / 2, Math.Max(needed, Math.Max(16L, current * 2L)));
}
