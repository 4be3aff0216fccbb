using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Int8 scalar quantization with a trained per-dimension range (faiss <c>ScalarQuantizer::QT_8bit</c>): value
/// <c>x[i]</c> is stored as the byte <c>c[i] = round((x[i] - min[i]) / scale[i])</c> clamped to <c>[0, 255]</c>, with
/// <c>scale[i] = (max[i] - min[i]) / 255</c>, and decoded as <c>min[i] + scale[i] * c[i]</c>. Distances are asymmetric
/// (float query against codes, see <see cref="Kernels.ByteCodeDot"/>); the squared norm of each decoded vector is kept
/// for the squared Euclidean distance. 1 byte per dimension (plus 4 bytes per vector), against 4 for float.
/// </summary>
internal sealed class ScalarQuantizedStore : VectorStore
{
    private readonly float[] _minimum;
    private readonly float[] _scale;
    private byte[] _codes;
    private float[] _squaredNorms;
    private int _capacity;
    private int _count;

    private ScalarQuantizedStore(int dimension, bool squaredEuclidean, float[] minimum, float[] scale, FloatVectorStore? fullPrecision, int capacity)
        : base(dimension, squaredEuclidean)
    {
        _minimum = minimum;
        _scale = scale;
        FullPrecision = fullPrecision;
        CodeStride = RoundUpTo16(dimension);
        _capacity = Math.Max(capacity, 1);
        _codes = GC.AllocateArray<byte>(_capacity * CodeStride, pinned: true);
        _squaredNorms = new float[_capacity];
    }

    /// <summary>Bytes between the starts of consecutive codes (the dimension rounded up to 16, zero padded).</summary>
    public int CodeStride { get; }

    public override int Count => Volatile.Read(ref _count);

    public override FloatVectorStore? FullPrecision { get; }

    public override long MemoryBytes => ((long)_capacity * (CodeStride + sizeof(float))) + (FullPrecision?.MemoryBytes ?? 0);

    /// <summary>Per-dimension minimum of the trained range.</summary>
    public ReadOnlySpan<float> Minimum => _minimum;

    /// <summary>Per-dimension step of the codes.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>The codes array (pinned; replaced when the store grows).</summary>
    public byte[] Codes => Volatile.Read(ref _codes);

    /// <summary>The squared norms of the decoded vectors (replaced when the store grows).</summary>
    public float[] SquaredNorms => Volatile.Read(ref _squaredNorms);

    /// <summary>Trains the per-dimension range on <paramref name="sample"/> (prepared vectors) and returns an empty store.</summary>
    public static ScalarQuantizedStore Train(ReadOnlySpan<float> sample, int rows, int dimension, bool squaredEuclidean, bool keepFullPrecision, int capacity)
    {
        var minimum = new float[dimension];
        var maximum = new float[dimension];
        minimum.AsSpan().Fill(float.PositiveInfinity);
        maximum.AsSpan().Fill(float.NegativeInfinity);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = sample.Slice(r * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                minimum[j] = Math.Min(minimum[j], row[j]);
                maximum[j] = Math.Max(maximum[j], row[j]);
            }
        }

        var scale = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            if (rows == 0)
            {
                minimum[j] = 0f;
                maximum[j] = 0f;
            }

            scale[j] = (maximum[j] - minimum[j]) / 255f;
        }

        FloatVectorStore? full = keepFullPrecision ? new FloatVectorStore(dimension, squaredEuclidean, capacity) : null;
        return new ScalarQuantizedStore(dimension, squaredEuclidean, minimum, scale, full, capacity);
    }

    public override void Reserve(int capacity)
    {
        FullPrecision?.Reserve(capacity);
        if (capacity <= _capacity)
        {
            return;
        }

        byte[] codes = GC.AllocateArray<byte>(checked(capacity * CodeStride), pinned: true);
        _codes.AsSpan(0, _count * CodeStride).CopyTo(codes);
        var norms = new float[capacity];
        _squaredNorms.AsSpan(0, _count).CopyTo(norms);
        Volatile.Write(ref _squaredNorms, norms);
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
        Span<byte> code = _codes.AsSpan(_count * CodeStride, Dimension);
        double squaredNorm = 0;
        for (int j = 0; j < Dimension; j++)
        {
            float step = _scale[j];
            float level = step > 0f ? MathF.Round((vector[j] - _minimum[j]) / step) : 0f;
            byte value = (byte)Math.Clamp(level, 0f, 255f);
            code[j] = value;
            float decoded = _minimum[j] + (step * value);
            squaredNorm += (double)decoded * decoded;
        }

        _squaredNorms[_count] = (float)squaredNorm;
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
    public void Decode(int id, Span<float> destination)
    {
        ReadOnlySpan<byte> code = Codes.AsSpan(id * CodeStride, Dimension);
        for (int j = 0; j < Dimension; j++)
        {
            destination[j] = _minimum[j] + (_scale[j] * code[j]);
        }
    }

    public override void Dispatch(IDistanceSpaceAction action)
    {
        var space = new ScalarQuantizedSpace(this);
        action.Run(ref space);
    }

    public override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)VectorStoreKind.ScalarInt8);
        writer.Write(Dimension);
        writer.Write(SquaredEuclidean);
        writer.Write(_minimum);
        writer.Write(_scale);
        writer.Write(_count);
        writer.WriteArray<byte>(_codes.AsSpan(0, _count * CodeStride));
        writer.Write(FullPrecision is not null);
        FullPrecision?.WriteState(writer);
    }

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static ScalarQuantizedStore LoadState(ModelPayloadReader reader)
    {
        int dimension = reader.ReadInt32("the vector dimension", 1, 1 << 24);
        bool squaredEuclidean = reader.ReadBoolean();
        float[] minimum = reader.ReadSingles();
        float[] scale = reader.ReadSingles();
        int count = reader.ReadInt32("the code count", 0, int.MaxValue);
        byte[] codes = reader.ReadArray<byte>();
        int stride = RoundUpTo16(dimension);
        if (minimum.Length != dimension || scale.Length != dimension || codes.Length != (long)count * stride
            || minimum.Any(v => !float.IsFinite(v)) || scale.Any(v => !(v >= 0f) || !float.IsFinite(v)))
        {
            throw reader.Corrupt($"the int8 codes are inconsistent ({minimum.Length} / {scale.Length} range values, {codes.Length} code bytes for {count} vectors of dimension {dimension})");
        }

        FloatVectorStore? full = reader.ReadBoolean() ? FloatVectorStore.LoadState(reader) : null;
        if (full is not null && (full.Count != count || full.Dimension != dimension || full.SquaredEuclidean != squaredEuclidean))
        {
            throw reader.Corrupt($"the full-precision copy holds {full.Count} vectors of dimension {full.Dimension}, the codes {count} of dimension {dimension}");
        }

        var store = new ScalarQuantizedStore(dimension, squaredEuclidean, minimum, scale, full, count);
        codes.CopyTo(store._codes, 0);
        var decoded = new float[dimension];
        for (int id = 0; id < count; id++)
        {
            store.Decode(id, decoded);
            double squaredNorm = 0;
            foreach (float value in decoded)
            {
                squaredNorm += (double)value * value;
            }

            store._squaredNorms[id] = (float)squaredNorm;
        }

        store._count = count;
        return store;
    }
}
