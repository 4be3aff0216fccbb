using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// 1-bit binary codes: bit <c>i</c> of a vector's code is set when <c>x[i] &gt; t[i]</c>, with thresholds <c>t</c> = 0
/// (sign codes, the usual choice for embeddings) or the per-dimension mean of a training sample. Codes are packed 64
/// per word and compared by Hamming distance (<see cref="Kernels.HammingDistance"/>): <c>ceil(d / 64) * 8</c> bytes per
/// vector, 1/32 of float. Decoding gives <c>t[i] +/- 1</c>, only a direction, so re-ranking on a full-precision copy is
/// what makes the scores real distances.
/// </summary>
internal sealed class BinaryCodeStore : QuantizedVectorStore<ulong>
{
    private readonly float[] _thresholds;

    private BinaryCodeStore(int dimension, bool squaredEuclidean, float[] thresholds, FloatVectorStore? fullPrecision, int capacity)
        : base(VectorStoreKind.Binary, dimension, squaredEuclidean, WordsPerCode(dimension), fullPrecision, capacity)
    {
        _thresholds = thresholds;
    }

    /// <summary>64-bit words per code.</summary>
    public int Words => CodeLength;

    /// <summary>Creates an empty store with thresholds 0 (<paramref name="useMean"/> false) or the per-dimension mean of <paramref name="sample"/>.</summary>
    public static BinaryCodeStore Train(ReadOnlySpan<float> sample, int rows, int dimension, bool squaredEuclidean, bool useMean, bool keepFullPrecision, int capacity)
    {
        var thresholds = new float[dimension];
        if (useMean && rows > 0)
        {
            var sums = new double[dimension];
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = sample.Slice(r * dimension, dimension);
                for (int j = 0; j < dimension; j++)
                {
                    sums[j] += row[j];
                }
            }

            for (int j = 0; j < dimension; j++)
            {
                thresholds[j] = (float)(sums[j] / rows);
            }
        }

        FloatVectorStore? full = keepFullPrecision ? new FloatVectorStore(dimension, squaredEuclidean, capacity) : null;
        return new BinaryCodeStore(dimension, squaredEuclidean, thresholds, full, capacity);
    }

    /// <summary>Writes the code of <paramref name="vector"/> into <paramref name="code"/> (<see cref="Words"/> words).</summary>
    public void Encode(ReadOnlySpan<float> vector, Span<ulong> code)
    {
        code.Clear();
        for (int j = 0; j < Dimension; j++)
        {
            if (vector[j] > _thresholds[j])
            {
                code[j >> 6] |= 1UL << (j & 63);
            }
        }
    }

    public override void Decode(int id, Span<float> destination)
    {
        ReadOnlySpan<ulong> code = Codes.AsSpan(id * Words, Words);
        for (int j = 0; j < Dimension; j++)
        {
            destination[j] = _thresholds[j] + ((code[j >> 6] & (1UL << (j & 63))) != 0 ? 1f : -1f);
        }
    }

    /// <summary>
    /// Without re-ranking the key is the Hamming distance <c>h</c>: reported as is for squared Euclidean, and as the
    /// agreement <c>1 - 2 h / d</c> (in <c>[-1, 1]</c>, larger is closer) for the similarities.
    /// </summary>
    public override float KeyToScore(float key) => SquaredEuclidean ? key : 1f - (2f * key / Dimension);

    public override void Dispatch(IDistanceSpaceAction action)
    {
        var space = new BinaryCodeSpace(this);
        action.Run(ref space);
    }

    /// <summary>Reads the state written by <see cref="QuantizedVectorStore{TCode}.Save"/> after the kind tag.</summary>
    public static BinaryCodeStore LoadState(ModelPayloadReader reader)
    {
        int dimension = reader.ReadInt32("the vector dimension", 1, 1 << 24);
        bool squaredEuclidean = reader.ReadBoolean();
        float[] thresholds = reader.ReadSingles();
        (int count, ulong[] codes) = ReadCodes(reader);
        if (thresholds.Length != dimension || codes.Length != (long)count * WordsPerCode(dimension) || thresholds.Any(v => !float.IsFinite(v)))
        {
            throw reader.Corrupt($"the binary codes are inconsistent ({thresholds.Length} thresholds, {codes.Length} words for {count} vectors of dimension {dimension})");
        }

        FloatVectorStore? full = ReadFullPrecision(reader, count, dimension, squaredEuclidean);
        var store = new BinaryCodeStore(dimension, squaredEuclidean, thresholds, full, count);
        store.RestoreCodes(codes, count);
        return store;
    }

    private protected override void WriteParameters(ModelPayloadWriter writer) => writer.Write(_thresholds);

    private protected override void EncodeAppended(int id, ReadOnlySpan<float> vector, Span<ulong> code) => Encode(vector, code);

    private static int WordsPerCode(int dimension) => (dimension + 63) / 64;
}
