using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>
/// The pooled input and output blocks of one reader (a cursor or a single mapped row) of a <see cref="BatchMapping"/>:
/// rows are read into input slots, the batch function fills the output blocks, getters serve rows from them.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly BatchMapping _mapping;
    private readonly IInputBlock[] _inputs;
    private readonly IOutputBlock[] _outputs;
    private readonly BatchInput _input;
    private readonly BatchOutput _output;

    /// <summary>Allocates blocks for <paramref name="capacity"/> rows.</summary>
    public BatchBuffers(BatchMapping mapping, int capacity)
    {
        _mapping = mapping;
        Capacity = capacity;
        _inputs = new IInputBlock[mapping.Inputs.Count];
        for (int i = 0; i < _inputs.Length; i++)
        {
            DataViewSchema.Column column = mapping.InputColumns[i];
            _inputs[i] = mapping.Inputs[i].Access switch
            {
                InputColumnAccess.Dense => new DenseInputBlock(column, capacity),
                InputColumnAccess.Sparse => new SparseInputBlock(column, capacity),
                _ => (IInputBlock)Activator.CreateInstance(typeof(ScalarInputBlock<>).MakeGenericType(column.Type.RawType), column, capacity)!,
            };
        }

        OutputColumn[] columns = [.. mapping.Outputs];
        _outputs = columns
            .Select(c => (IOutputBlock)Activator.CreateInstance(typeof(OutputBlock<>).MakeGenericType(c.ItemRawType), c, capacity)!)
            .ToArray();
        _input = new BatchInput(_inputs);
        _output = new BatchOutput(_outputs, columns);
    }

    /// <summary>Rows per batch.</summary>
    public int Capacity { get; }

    /// <summary>Binds every input block to <paramref name="row"/>, whose current values <see cref="ReadRow"/> copies.</summary>
    public void Bind(DataViewRow row)
    {
        foreach (IInputBlock block in _inputs)
        {
            block.Bind(row);
        }
    }

    /// <summary>Copies the bound row's current input values into slot <paramref name="slot"/>.</summary>
    public void ReadRow(int slot)
    {
        foreach (IInputBlock block in _inputs)
        {
            block.Read(slot);
        }
    }

    /// <summary>Runs the batch function on slots <c>[0, rowCount)</c>, whose first row is at <paramref name="firstRow"/>.</summary>
    public void Compute(int rowCount, long firstRow)
    {
        _input.RowCount = rowCount;
        _input.FirstRow = firstRow;
        _output.RowCount = rowCount;
        _mapping.Map(_input, _output);
    }

    /// <summary>A getter for output <paramref name="output"/> serving slot <paramref name="slotOfCurrentRow"/>().</summary>
    public Delegate CreateGetter(int output, Func<int> slotOfCurrentRow) => _outputs[output].CreateGetter(slotOfCurrentRow);
}
