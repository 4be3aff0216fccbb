using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Base class of the fitted embedding post-processing transformers: one known-size <c>Vector&lt;Single&gt;</c> input
/// column of the size seen by <c>Fit</c>, one output column. It cannot be derived from outside this library.
/// </summary>
public abstract class EmbeddingTransformerBase : RowMappingTransformerBase
{
    private protected EmbeddingTransformerBase(string inputColumnName, string outputColumnName, int inputSize)
    {
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        InputSize = inputSize;
    }

    /// <summary>The input column (a known-size <c>Vector&lt;Single&gt;</c> of size <see cref="InputSize"/>).</summary>
    public string InputColumnName { get; }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input vector size seen by <c>Fit</c>; scoring data must have the same size.</summary>
    public int InputSize { get; }

    /// <summary>The output column's type.</summary>
    private protected abstract DataViewType OutputType { get; }

    /// <summary>How the input is read: a dense block (default) or sparse rows.</summary>
    private protected virtual InputColumnAccess InputAccess => InputColumnAccess.Dense;

    /// <summary>Reads the column names and input size written by <see cref="SaveColumns"/>.</summary>
    private protected static (string Input, string Output, int InputSize) ReadColumns(ModelPayloadReader reader)
        => (reader.ReadNonNullString("the input column name"), reader.ReadNonNullString("the output column name"), reader.ReadInt32("the input size", 1, int.MaxValue));

    /// <summary>Writes the column names and input size.</summary>
    private protected void SaveColumns(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        writer.Write(InputSize);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        ColumnValidation.RequireTrainedSize(InputColumnName, InputSize, size);
        return new BatchMapping(
            inputSchema,
            [new BatchInputColumn(InputColumnName, InputAccess)],
            [new OutputColumn(OutputColumnName, OutputType)],
            MapBatch,
            Defaults.EmbeddingBatchSize);
    }

    /// <summary>Computes the output rows of one batch.</summary>
    private protected abstract void MapBatch(BatchInput input, BatchOutput output);
}
