using System.Numerics.Tensors;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted Matryoshka truncation: output <c>y = x[0..d)</c>, divided by <c>||x[0..d)||₂</c> when
/// <see cref="Normalize"/> is set (a zero vector stays zero). Output type <c>Vector&lt;Single, d&gt;</c>.
/// </summary>
public sealed class TruncateEmbeddingTransformer : RowMappingTransformerBase, IPersistedComponent<TruncateEmbeddingTransformer>
{
    private const int BatchSize = 256;

    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbTruncateEmbedding", "MLETRUNC", 1, "TruncateEmbedding");

    internal TruncateEmbeddingTransformer(string inputColumnName, string outputColumnName, int dimension, bool normalize, int inputSize)
    {
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Dimension = dimension;
        Normalize = normalize;
        InputSize = inputSize;
    }

    /// <summary>The input column (a known-size <c>Vector&lt;Single&gt;</c> of size <see cref="InputSize"/>).</summary>
    public string InputColumnName { get; }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Number of leading values kept.</summary>
    public int Dimension { get; }

    /// <summary>Whether outputs are rescaled to unit L2 norm.</summary>
    public bool Normalize { get; }

    /// <summary>The input vector size seen by <c>Fit</c>; scoring data must have the same size.</summary>
    public int InputSize { get; }

    static PersistenceIdentity IPersistedComponent<TruncateEmbeddingTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    static TruncateEmbeddingTransformer IPersistedComponent<TruncateEmbeddingTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        string input = reader.ReadNonNullString("the input column name");
        string output = reader.ReadNonNullString("the output column name");
        int inputSize = reader.ReadInt32("the input size", 1, int.MaxValue);
        int dimension = reader.ReadInt32("the dimension", 1, inputSize);
        bool normalize = reader.ReadBoolean();
        return new TruncateEmbeddingTransformer(input, output, dimension, normalize, inputSize);
    }

    /// <summary>Throws when the requested dimension exceeds the input size.</summary>
    internal static void RequireDimensionFits(string inputColumnName, int dimension, int inputSize, string parameterName)
    {
        if (dimension > inputSize)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                $"TruncateEmbedding: Dimension is {dimension} but column '{inputColumnName}' has vectors of size {inputSize}. Choose a Dimension in [1, {inputSize}].");
        }
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        writer.Write(InputSize);
        writer.Write(Dimension);
        writer.Write(Normalize);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        ColumnValidation.RequireTrainedSize(InputColumnName, InputSize, size);
        var output = new OutputColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, Dimension));
        return new BatchMapping(inputSchema, [new BatchInputColumn(InputColumnName, InputColumnAccess.Dense)], [output], MapBatch, BatchSize);
    }

    /// <summary>
    /// Scales <paramref name="row"/> to unit L2 norm, dividing by the largest magnitude first so that the sum of
    /// squares neither overflows (values near 1e30) nor underflows (values near 1e-30). A zero row stays zero.
    /// </summary>
    private static void NormalizeRow(Span<float> row)
    {
        float largest = Math.Abs(TensorPrimitives.MaxMagnitude(row));
        if (largest == 0f)
        {
            return;
        }

        TensorPrimitives.Divide(row, largest, row);
        TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView source = input.Dense(0);
        MatrixView target = output.Vectors(0);
        for (int i = 0; i < source.Rows; i++)
        {
            source.Row(i)[..Dimension].CopyTo(target.Row(i));
        }

        ColumnValidation.RequireFinite(target, input.FirstRow, InputColumnName);
        if (Normalize)
        {
            for (int i = 0; i < target.Rows; i++)
            {
                NormalizeRow(target.Row(i));
            }
        }
    }
}
