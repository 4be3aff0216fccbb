using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings;

/// <summary>
/// Base class of MLEmbeddings transformers that add output columns computed row by row from input columns:
/// <see cref="Transform"/> returns a lazy data view that computes the outputs in batches of rows while a cursor
/// moves (never materialising the input), <see cref="GetRowToRowMapper"/> maps single rows (for
/// <c>PredictionEngine</c>), and <see cref="ICanSaveModel.Save"/> writes the transformer into an ordinary ML.NET
/// model zip from which <c>mlContext.Model.Load</c> re-creates it.
/// </summary>
/// <remarks>
/// The class cannot be derived from outside this library (its constructor and abstract members are not public);
/// it exists so that every transformer shares one implementation of the <see cref="ITransformer"/> plumbing.
/// </remarks>
public abstract class RowMappingTransformerBase : ITransformer
{
    /// <summary>Only transformers of this library derive from this class.</summary>
    private protected RowMappingTransformerBase()
    {
    }

    /// <summary>Always true: the transformer maps each row independently.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The schema <see cref="Transform"/> produces for data of <paramref name="inputSchema"/>: the input columns, then the output columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type or size.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema).OutputSchema;
    }

    /// <summary>A mapper that computes the output columns of one row at a time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type or size.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new BatchRowToRowMapper(Bind(inputSchema));
    }

    /// <summary>A lazy view of <paramref name="input"/> with the output columns added; nothing is computed until a cursor reads them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type or size.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BatchMappedDataView(input, Bind(input.Schema));
    }

    /// <summary>Writes the transformer into an ML.NET model; called by <c>mlContext.Model.Save</c>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelPersistence.Save(ctx, Identity, GetType().Assembly, SaveState);

    /// <summary>The identity under which the transformer is saved.</summary>
    private protected abstract PersistenceIdentity Identity { get; }

    /// <summary>Checks the input schema and binds the computation to it (inputs, outputs, batch function, batch size).</summary>
    private protected abstract BatchMapping Bind(DataViewSchema inputSchema);

    /// <summary>Writes the transformer's state (after the format version, which the base writes).</summary>
    private protected abstract void SaveState(ModelPayloadWriter writer);
}
