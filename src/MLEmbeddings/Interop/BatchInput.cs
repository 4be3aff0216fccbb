using MLEmbeddings.Kernels;

namespace MLEmbeddings.Interop;

/// <summary>
/// The input side of one batch: <see cref="RowCount"/> consecutive rows of each input column, in the access the
/// component declared. Views are valid only during the map call; the storage is reused for the next batch.
/// </summary>
internal sealed class BatchInput
{
    private readonly IInputBlock[] _blocks;

    /// <summary>Wraps the blocks of the input columns, in declaration order.</summary>
    public BatchInput(IInputBlock[] blocks) => _blocks = blocks;

    /// <summary>Rows in this batch (1 or more).</summary>
    public int RowCount { get; internal set; }

    /// <summary>0-based position of the batch's first row in the data (for messages naming a row).</summary>
    public long FirstRow { get; internal set; }

    /// <summary>Input <paramref name="input"/> (declared <see cref="InputColumnAccess.Dense"/>) as a <c>RowCount x size</c> block.</summary>
    public ReadOnlyMatrixView Dense(int input) => Block<DenseInputBlock>(input).View(RowCount);

    /// <summary>Input <paramref name="input"/> (declared <see cref="InputColumnAccess.Sparse"/>) as CSR rows.</summary>
    public SparseRows Sparse(int input) => Block<SparseInputBlock>(input).View(RowCount);

    /// <summary>Input <paramref name="input"/> (declared <see cref="InputColumnAccess.Scalar"/>), one value per row.</summary>
    public ReadOnlySpan<T> Scalars<T>(int input) => Block<ScalarInputBlock<T>>(input).View(RowCount);

    private TBlock Block<TBlock>(int input)
        where TBlock : class, IInputBlock
        => _blocks[input] as TBlock
            ?? throw new InvalidOperationException($"Input {input} is a {_blocks[input].GetType().Name}, not a {typeof(TBlock).Name}: read it with the access it was declared with.");
}
