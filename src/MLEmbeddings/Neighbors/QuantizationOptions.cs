using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Quantized storage for an index (the <c>Quantization</c> option of <see cref="FlatIndexOptions"/>,
/// <see cref="HnswIndexOptions"/> and <see cref="IvfIndexOptions"/>): vectors are kept as int8 or 1-bit codes and
/// compared with the query by the code kernels (<see cref="ByteCodeDot"/>, <see cref="HammingDistance"/>); optionally
/// the best candidates are re-scored on a full-precision copy (faiss <c>IndexRefineFlat</c>).
/// </summary>
public sealed class QuantizationOptions
{
    /// <summary>The code: <see cref="QuantizationKind.EightBit"/> (default) or <see cref="QuantizationKind.Binary"/>.</summary>
    public QuantizationKind Kind { get; set; } = QuantizationKind.EightBit;

    /// <summary>Threshold of binary codes; ignored by int8. Default <see cref="BinaryThreshold.Sign"/>.</summary>
    public BinaryThreshold Threshold { get; set; } = BinaryThreshold.Sign;

    /// <summary>
    /// Re-ranking: the best <c>RerankingFactor * k</c> candidates found on the codes are re-scored on full-precision
    /// vectors and the best k of those returned, with exact scores (faiss <c>k_factor</c>). Costs a float copy of every
    /// vector in memory. 0 turns it off: no float copy is kept (least memory) and scores are the code estimates
    /// (for binary codes: the Hamming distance, or <c>1 - 2 h / d</c> for the similarities). At least 0; default 4.
    /// </summary>
    public int RerankingFactor { get; set; } = Defaults.QuantizationRerankingFactor;

    /// <summary>Rows the int8 ranges or the binary means are trained on (a seeded sample when there are more), at least 1. Default 65,536.</summary>
    public int TrainingSampleSize { get; set; } = Defaults.QuantizationTrainingSampleSize;

    /// <summary>Checks every setting.</summary>
    internal void Validate()
    {
        OptionChecks.RequireDefined(Kind, "Quantization.Kind");
        OptionChecks.RequireDefined(Threshold, "Quantization.Threshold");
        OptionChecks.RequireAtLeast(RerankingFactor, 0, "Quantization.RerankingFactor");
        OptionChecks.RequireAtLeast(TrainingSampleSize, 1, "Quantization.TrainingSampleSize");
    }

    /// <summary>A copy, so later changes by the caller do not reach a built index.</summary>
    internal QuantizationOptions Clone() => new() { Kind = Kind, Threshold = Threshold, RerankingFactor = RerankingFactor, TrainingSampleSize = TrainingSampleSize };

    /// <summary>
    /// Trains the codes on a seeded sample of <paramref name="prepared"/> (vectors prepared for the metric) and returns
    /// an empty store with room for <paramref name="capacity"/> vectors.
    /// </summary>
    internal VectorStore CreateStore(ReadOnlyMatrixView prepared, bool squaredEuclidean, int seed, int capacity)
    {
        int dimension = prepared.Columns;
        int rows = Math.Min(prepared.Rows, TrainingSampleSize);
        var sample = new float[checked(rows * dimension)];
        int[] chosen = Enumerable.Range(0, prepared.Rows).ToArray();
        if (rows < prepared.Rows)
        {
            var random = new Random(seed);
            for (int i = 0; i < rows; i++)
            {
                int j = random.Next(i, chosen.Length);
                (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
            }
        }

        for (int i = 0; i < rows; i++)
        {
            prepared.Row(chosen[i]).CopyTo(sample.AsSpan(i * dimension, dimension));
        }

        bool keep = RerankingFactor > 0;
        return Kind == QuantizationKind.EightBit
            ? ScalarQuantizedStore.Train(sample, rows, dimension, squaredEuclidean, keep, capacity)
            : BinaryCodeStore.Train(sample, rows, dimension, squaredEuclidean, Threshold == BinaryThreshold.Mean, keep, capacity);
    }

    /// <summary>Writes the settings.</summary>
    internal void Save(Interop.ModelPayloadWriter writer)
    {
        writer.Write((int)Kind);
        writer.Write((int)Threshold);
        writer.Write(RerankingFactor);
        writer.Write(TrainingSampleSize);
    }

    /// <summary>Reads settings written by <see cref="Save"/>.</summary>
    internal static QuantizationOptions Load(Interop.ModelPayloadReader reader) => new()
    {
        Kind = (QuantizationKind)reader.ReadInt32("the quantization kind", 0, (int)QuantizationKind.Binary),
        Threshold = (BinaryThreshold)reader.ReadInt32("the binary threshold", 0, (int)BinaryThreshold.Mean),
        RerankingFactor = reader.ReadInt32("the re-ranking factor", 0, int.MaxValue),
        TrainingSampleSize = reader.ReadInt32("the quantization sample size", 1, int.MaxValue),
    };
}
