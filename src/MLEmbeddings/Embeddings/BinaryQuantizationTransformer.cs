using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted binary quantizer: output <c>Vector&lt;Byte, ceil(d / 8)&gt;</c>, bit <c>j % 8</c> of byte <c>j / 8</c> set
/// when <c>x_j &gt; threshold_j</c> (least significant bit first, as faiss's binary indexes). Hamming distance between
/// outputs approximates the angle between inputs.
/// </summary>
public sealed class BinaryQuantizationTransformer : EmbeddingTransformerBase, IPersistedComponent<BinaryQuantizationTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbBinaryQuantization", "MLEBQBIT", 1, "QuantizeEmbeddingBinary");

    private readonly float[] _thresholds;

    internal BinaryQuantizationTransformer(string inputColumnName, string outputColumnName, int inputSize, BinaryQuantizationThreshold threshold, float[] thresholds)
        : base(inputColumnName, outputColumnName, inputSize)
    {
        Threshold = threshold;
        _thresholds = thresholds;
    }

    /// <summary>How the thresholds were chosen.</summary>
    public BinaryQuantizationThreshold Threshold { get; }

    /// <summary>The threshold of every dimension (all 0 for <see cref="BinaryQuantizationThreshold.Zero"/>).</summary>
    public ReadOnlySpan<float> Thresholds => _thresholds;

    /// <summary>Bytes per output code, <c>ceil(InputSize / 8)</c>.</summary>
    public int CodeLength => BinaryQuantization.CodeLength(InputSize);

    static PersistenceIdentity IPersistedComponent<BinaryQuantizationTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Byte, CodeLength);

    static BinaryQuantizationTransformer IPersistedComponent<BinaryQuantizationTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        (string input, string output, int inputSize) = ReadColumns(reader);
        var threshold = (BinaryQuantizationThreshold)reader.ReadInt32("the threshold kind", 0, (int)BinaryQuantizationThreshold.Mean);
        float[] thresholds = reader.ReadSingles();
        if (thresholds.Length != inputSize)
        {
            throw reader.Corrupt($"{thresholds.Length} thresholds for an input of size {inputSize}");
        }

        return new BinaryQuantizationTransformer(input, output, inputSize, threshold, thresholds);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        SaveColumns(writer);
        writer.Write((int)Threshold);
        writer.Write(_thresholds);
    }

    private protected override void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView rows = input.Dense(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, InputColumnName);
        BinaryQuantization.Encode(rows, _thresholds, output.Values<byte>(0));
    }
}
