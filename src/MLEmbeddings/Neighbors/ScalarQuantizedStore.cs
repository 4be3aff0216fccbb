using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Int8 scalar quantization with a trained per-dimension range (faiss <c>ScalarQuantizer::QT_8bit</c>): value
/// <c>x[i]</c> is stored as the byte <c>c[i] = round((x[i] - min[i]) / scale[i])</c> clamped to <c>[0, 255]</c>, with
/// <c>scale[i] = (max[i] - min[i]) / 255</c>, and decoded as <c>min[i] + scale[i] * c[i]</c>. Distances are asymmetric
/// (float query against codes, see <see cref="Kernels.ByteCodeDot"/>); the squared norm of each decoded vector is kept
/// for the squared Euclidean distance. 1 byte per dimension (plus 4 bytes per vector), against 4 for float.
/// </summary>
internal sealed class ScalarQuantizedStore : QuantizedVectorStore<byte>
{
    private readonly float[] _minimum;
    private readonly float[] _scale;
    private float[] _squaredNorms;

    private ScalarQuantizedStore(int dimension, bool squaredEuclidean, float[] minimum, float[] scale, FloatVectorStore? fullPrecision, int capacity)
        : base(VectorStoreKind.ScalarInt8, dimension, squaredEuclidean, RoundUpTo16(dimension), fullPrecision, capacity)
    {
        _minimum = minimum;
        _scale = scale;
        _squaredNorms = new float[Math.Max(capacity, 1)];
    }

    /// <summary>Bytes between the starts of consecutive codes (the dimension rounded up to 16, zero padded).</summary>
    public int CodeStride => CodeLength;

    /// <summary>Per-dimension minimum of the trained range.</summary>
    public ReadOnlySpan<float> Minimum => _minimum;

    /// <summary>Per-dimension step of the codes.</summary>
    public ReadOnlySpan<float> Scale => _scale;

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

    public override void Decode(int id, Span<float> destination)
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

    /// <summary>Reads the state written by <see cref="QuantizedVectorStore{TCode}.Save"/> after the kind tag.</summary>
    public static ScalarQuantizedStore LoadState(ModelPayloadReader reader)
    {
        int dimension = reader.ReadInt32("the vector dimension", 1, 1 << 24);
        bool squaredEuclidean = reader.ReadBoolean();
        float[] minimum = reader.ReadSingles();
        float[] scale = reader.ReadSingles();
        (int count, byte[] codes) = ReadCodes(reader);
        if (minimum.Length != dimension || scale.Length != dimension || codes.Length != (long)count * RoundUpTo16(dimension)
            || minimum.Any(v => !float.IsFinite(v)) || scale.Any(v => !(v >= 0f) || !float.IsFinite(v)))
        {
            throw reader.Corrupt($"the int8 codes are inconsistent ({minimum.Length} / {scale.Length} range values, {codes.Length} code bytes for {count} vectors of dimension {dimension})");
        }

        FloatVectorStore? full = ReadFullPrecision(reader, count, dimension, squaredEuclidean);
        var store = new ScalarQuantizedStore(dimension, squaredEuclidean, minimum, scale, full, count);
        store.RestoreCodes(codes, count);
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

        return store;
    }

    private protected override int ExtraBytesPerVector => sizeof(float);

    private protected override void WriteParameters(ModelPayloadWriter writer)
    {
        writer.Write(_minimum);
        writer.Write(_scale);
    }

    private protected override void EncodeAppended(int id, ReadOnlySpan<float> vector, Span<byte> code)
    {
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

        _squaredNorms[id] = (float)squaredNorm;
    }

    private protected override void GrowPerVectorData(int capacity, int count)
    {
        var norms = new float[capacity];
        _squaredNorms.AsSpan(0, count).CopyTo(norms);
        Volatile.Write(ref _squaredNorms, norms);
    }
}
