using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Growable storage of vectors in the layout the search micro-kernel streams: consecutive panels of
/// <see cref="PanelWidth"/> vectors, each panel stored dimension-major (<c>Dimension</c> rows of
/// <see cref="PanelWidth"/> values, one 64-byte line per dimension), starting on a 64-byte boundary. Each slot also
/// has a <em>bias</em> added to every score computed against it; unused slots are zero vectors with bias
/// <see cref="float.PositiveInfinity"/>, so a kernel may run past <see cref="Count"/> up to a multiple of
/// <see cref="ColumnGranularity"/> without ever selecting them.
/// </summary>
internal sealed class PackedVectorPanels
{
    /// <summary>Vectors per panel.</summary>
    public const int PanelWidth = 16;

    /// <summary>Capacity, and every column range the kernels scan, is a multiple of this many vectors (two panels).</summary>
    public const int ColumnGranularity = 2 * PanelWidth;

    private const int AlignmentInFloats = 16;

    private float[] _values;
    private int _valuesStart;
    private float[] _bias;

    /// <summary>Creates empty storage for vectors of <paramref name="dimension"/> values with room for <paramref name="capacity"/> vectors.</summary>
    public PackedVectorPanels(int dimension, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        Dimension = dimension;
        Capacity = RoundUpToGranularity(capacity);
        (_values, _valuesStart) = AllocateAligned(Capacity, dimension);
        _bias = new float[Capacity];
        _bias.AsSpan().Fill(float.PositiveInfinity);
    }

    /// <summary>Values per vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of stored vectors.</summary>
    public int Count { get; private set; }

    /// <summary>Number of slots allocated (a multiple of <see cref="ColumnGranularity"/>).</summary>
    public int Capacity { get; private set; }

    /// <summary><see cref="Count"/> rounded up to a multiple of <see cref="ColumnGranularity"/>: the column range a full scan covers.</summary>
    public int ScanColumns => RoundUpToGranularity(Count);

    /// <summary>The first value of panel 0 (64-byte aligned).</summary>
    public ref float Values => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), _valuesStart);

    /// <summary>The bias of slot 0; slot <c>j</c>'s bias is <c>j</c> values further.</summary>
    public ref float Bias => ref MemoryMarshal.GetArrayDataReference(_bias);

    /// <summary>The offset, from <see cref="Values"/>, of value 0 of vector <paramref name="column"/>; value <c>t</c> is <c>t * PanelWidth</c> further.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Offset(int column, int dimension)
        => ((nint)(column / PanelWidth) * PanelWidth * dimension) + (column % PanelWidth);

    /// <summary><paramref name="count"/> rounded up to a multiple of <see cref="ColumnGranularity"/>.</summary>
    public static int RoundUpToGranularity(int count) => checked((count + ColumnGranularity - 1) / ColumnGranularity * ColumnGranularity);

    /// <summary>
    /// The squared Euclidean distance <c>sum_t (vector[t] - x_id[t])^2</c> between <paramref name="vector"/> and
    /// stored vector <paramref name="id"/>, accumulated in double precision (so identical vectors give exactly 0).
    /// </summary>
    public float SquaredDistance(ReadOnlySpan<float> vector, int id)
    {
        ReadOnlySpan<float> values = _values.AsSpan(_valuesStart + (int)Offset(id, Dimension));
        double sum = 0d;
        for (int t = 0; t < vector.Length; t++)
        {
            double difference = (double)vector[t] - values[t * PanelWidth];
            sum += difference * difference;
        }

        return (float)sum;
    }

    /// <summary>Copies stored vector <paramref name="id"/> (which must be below <see cref="Count"/>) into <paramref name="destination"/>.</summary>
    public void CopyVector(int id, Span<float> destination)
    {
        ReadOnlySpan<float> values = _values.AsSpan(_valuesStart + (int)Offset(id, Dimension));
        for (int t = 0; t < destination.Length; t++)
        {
            destination[t] = values[t * PanelWidth];
        }
    }

    /// <summary>Appends one vector with its bias, growing the storage (doubling) when full.</summary>
    public void Append(ReadOnlySpan<float> vector, float bias)
    {
        if (Count == Capacity)
        {
            Grow(Math.Max(Count + 1, Capacity * 2L));
        }

        int id = Count;
        ref float start = ref Unsafe.Add(ref Values, Offset(id, Dimension));
        for (int t = 0; t < vector.Length; t++)
        {
            Unsafe.Add(ref start, (nint)t * PanelWidth) = vector[t];
        }

        _bias[id] = bias;
        Count = id + 1;
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> vectors in total.</summary>
    public void Reserve(int capacity)
    {
        if (capacity > Capacity)
        {
            Grow(capacity);
        }
    }

    private void Grow(long capacity)
    {
        int newCapacity = RoundUpToGranularity((int)Math.Min(capacity, Array.MaxLength - ColumnGranularity));
        (float[] values, int start) = AllocateAligned(newCapacity, Dimension);
        _values.AsSpan(_valuesStart, Capacity * Dimension).CopyTo(values.AsSpan(start));
        float[] bias = new float[newCapacity];
        _bias.CopyTo(bias, 0);
        bias.AsSpan(Capacity).Fill(float.PositiveInfinity);
        (_values, _valuesStart, _bias, Capacity) = (values, start, bias, newCapacity);
    }

    // A zeroed, pinned array and the index of its first 64-byte-aligned element.
    private static unsafe (float[] Values, int Start) AllocateAligned(int capacity, int dimension)
    {
        long length = ((long)capacity * dimension) + AlignmentInFloats;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{capacity} vectors of dimension {dimension} need {length} values, more than one array can hold ({Array.MaxLength}).");
        }

        float[] values = GC.AllocateArray<float>((int)length, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref values[0]);
        int start = (int)((AlignmentInFloats - ((address / sizeof(float)) % AlignmentInFloats)) % AlignmentInFloats);
        return (values, start);
    }
}
