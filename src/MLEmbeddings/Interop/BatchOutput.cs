using MLEmbeddings.Kernels;

namespace MLEmbeddings.Interop;

/// <summary>
/// The output side of one batch: the component writes <see cref="RowCount"/> rows of every output column here.
/// </summary>
internal sealed class BatchOutput
{
    private readonly IOutputBlock[] _blocks;
    private readonly OutputColumn[] _columns;

    /// <summary>Wraps the blocks of the output columns, in declaration order.</summary>
    public BatchOutput(IOutputBlock[] blocks, OutputColumn[] columns)
    {
        _blocks = blocks;
        _columns = columns;
    }

    /// <summary>Rows in this batch.</summary>
    public int RowCount { get; internal set; }

    /// <summary>Output <paramref name="output"/>, a <c>Vector&lt;Single, n&gt;</c> or <c>Single</c> column, as a <c>RowCount x n</c> block.</summary>
    public MatrixView Vectors(int output)
    {
        float[] values = Block<float>(output).Values;
        return new MatrixView(values, RowCount, _columns[output].Width);
    }

    /// <summary>Output <paramref name="output"/> as <c>RowCount * width</c> values of its raw item type (for example <see cref="uint"/> for keys).</summary>
    public Span<T> Values<T>(int output) => Block<T>(output).Values.AsSpan(0, RowCount * _columns[output].Width);

    private OutputBlock<T> Block<T>(int output)
        => _blocks[output] as OutputBlock<T>
            ?? throw new InvalidOperationException($"Output '{_columns[output].Name}' stores {_columns[output].ItemRawType.Name} values, not {typeof(T).Name}.");
}
