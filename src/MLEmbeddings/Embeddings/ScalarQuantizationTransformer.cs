using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted int8 scalar quantizer: output <c>Vector&lt;SByte, d&gt;</c> with
/// <c>code_j = clamp(round((x_j - min_j) / step_j), 0, 255) - 128</c>, <c>step_j = (max_j - min_j) / 255</c>; values
/// outside the fitted range are clamped. <see cref="Decode"/> maps codes back to values within <c>step_j / 2</c>.
/// </summary>
public sealed class ScalarQuantizationTransformer : EmbeddingTransformerBase, IPersistedComponent<ScalarQuantizationTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbScalarQuantization", "MLESQINT", 1, "QuantizeEmbeddingInt8");

    private readonly float[] _minimums;
    private readonly float[] _maximums;
    private readonly float[] _steps;

    internal ScalarQuantizationTransformer(string inputColumnName, string outputColumnName, int inputSize, float[] minimums, float[] maximums)
        : base(inputColumnName, outputColumnName, inputSize)
    {
        _minimums = minimums;
        _maximums = maximums;
        _steps = new float[inputSize];
        ScalarQuantization.Steps(minimums, maximums, _steps);
    }

    /// <summary>The smallest value of every dimension in the fitted data.</summary>
    public ReadOnlySpan<float> Minimums => _minimums;

    /// <summary>The largest value of every dimension in the fitted data.</summary>
    public ReadOnlySpan<float> Maximums => _maximums;

    /// <summary>The quantization step of every dimension, <c>(max - min) / 255</c>.</summary>
    public ReadOnlySpan<float> Steps => _steps;

    static PersistenceIdentity IPersistedComponent<ScalarQuantizationTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.SByte, InputSize);

    /// <summary>Decodes the codes of one or more rows: <c>value_j = min_j + (code_j + 128) step_j</c>.</summary>
    /// <param name="codes"><c>destination.Length</c> codes, a whole number of rows of <see cref="EmbeddingTransformerBase.InputSize"/>.</param>
    /// <param name="destination">Receives the decoded values.</param>
    /// <exception cref="ArgumentException">The lengths differ or are not a whole number of rows.</exception>
    public void Decode(ReadOnlySpan<sbyte> codes, Span<float> destination)
    {
        if (codes.Length != destination.Length || codes.Length % InputSize != 0)
        {
            throw new ArgumentException($"Expected codes and destination of the same length, a multiple of {InputSize}; got {codes.Length} and {destination.Length}.", nameof(destination));
        }

        var buffer = new float[destination.Length];
        ScalarQuantization.Decode(codes, _minimums, _steps, new MatrixView(buffer, codes.Length / InputSize, InputSize));
        buffer.CopyTo(destination);
    }

    static ScalarQuantizationTransformer IPersistedComponent<ScalarQuantizationTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        (string input, string output, int inputSize) = ReadColumns(reader);
        float[] minimums = reader.ReadSingles();
        float[] maximums = reader.ReadSingles();
        if (minimums.Length != inputSize || maximums.Length != inputSize)
        {
            throw reader.Corrupt($"the quantization ranges do not match an input of size {inputSize}");
        }

        return new ScalarQuantizationTransformer(input, output, inputSize, minimums, maximums);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        SaveColumns(writer);
        writer.Write(_minimums);
        writer.Write(_maximums);
    }

    private protected override void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView rows = input.Dense(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, InputColumnName);
        ScalarQuantization.Encode(rows, _minimums, _steps, output.Values<sbyte>(0));
    }
}
