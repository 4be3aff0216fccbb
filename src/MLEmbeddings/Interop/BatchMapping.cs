using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// A transformer's computation bound to one input schema: which input columns it reads (resolved and checked),
/// the output columns it adds, the output schema (input columns followed by the outputs) and the batch function.
/// The batch machinery (<see cref="BatchMappedDataView"/>, <see cref="BatchRowToRowMapper"/>) runs it.
/// </summary>
internal sealed class BatchMapping
{
    /// <summary>Binds the computation; checks that each input exists and, for vector access, is a known-size <c>Vector&lt;Single&gt;</c>.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <param name="inputs">The input columns and how they are read.</param>
    /// <param name="outputs">The output columns, in order.</param>
    /// <param name="map">The batch function.</param>
    /// <param name="batchSize">Rows per call of <paramref name="map"/> when transforming a data view (1 or more).</param>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">An output is a vector of unknown size.</exception>
    public BatchMapping(DataViewSchema inputSchema, IReadOnlyList<BatchInputColumn> inputs, IReadOnlyList<OutputColumn> outputs, BatchMapFunction map, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach (OutputColumn output in outputs)
        {
            if (output.Type is VectorDataViewType { IsKnownSize: false })
            {
                throw new ArgumentException($"Output '{output.Name}' must be a known-size vector; got {output.Type}.", nameof(outputs));
            }
        }

        InputSchema = inputSchema;
        Inputs = inputs;
        InputColumns = inputs.Select(input => Resolve(inputSchema, input)).ToArray();
        Outputs = outputs;
        Map = map;
        BatchSize = batchSize;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (OutputColumn output in outputs)
        {
            builder.AddColumn(output.Name, output.Type, output.Annotations);
        }

        OutputSchema = builder.ToSchema();
    }

    /// <summary>The schema the mapping was bound to.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The input columns as declared.</summary>
    public IReadOnlyList<BatchInputColumn> Inputs { get; }

    /// <summary>The resolved input columns, in the order of <see cref="Inputs"/>.</summary>
    public IReadOnlyList<DataViewSchema.Column> InputColumns { get; }

    /// <summary>The output columns.</summary>
    public IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>Input columns followed by the output columns (an output hides an input of the same name).</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The batch function.</summary>
    public BatchMapFunction Map { get; }

    /// <summary>Rows per batch when transforming a data view.</summary>
    public int BatchSize { get; }

    /// <summary>The index in <see cref="Outputs"/> of an output schema column, or -1 for a passed-through input column.</summary>
    public int OutputIndex(int outputSchemaIndex) => outputSchemaIndex < InputSchema.Count ? -1 : outputSchemaIndex - InputSchema.Count;

    private static DataViewSchema.Column Resolve(DataViewSchema schema, BatchInputColumn input)
    {
        if (input.Access == InputColumnAccess.Scalar)
        {
            return ColumnValidation.RequireColumn(schema, input.Name);
        }

        ColumnValidation.RequireKnownSizeSingleVector(schema, input.Name);
        return schema[input.Name];
    }
}
