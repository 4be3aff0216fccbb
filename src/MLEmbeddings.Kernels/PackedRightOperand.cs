namespace MLEmbeddings.Kernels;

/// <summary>
/// The right operand <c>B</c> of products <c>A * B^T</c>, packed once into the panel layout of the SGEMM
/// micro-kernel so that many left blocks can be multiplied against it without packing it again
/// (<see cref="Gemm.MultiplyTransposedPrepacked"/>). Made for exact k-NN search: <c>B</c> holds the database
/// vectors (one per row, <c>n x k</c>), the left blocks hold queries, and each product is a tile of query x database
/// dot products.
/// </summary>
/// <remarks>
/// The layout depends on the micro-kernel, so it is fixed by the vector width in force when the operand is created
/// (<see cref="Width"/>, from <see cref="KernelDispatch.Width"/>); every product with it uses that width. The packed
/// copy takes about <c>n * k * 4</c> bytes (rows rounded up to <see cref="ColumnAlignment"/>), is allocated once on
/// the pinned object heap and lives as long as this object. Instances are immutable after construction and safe to
/// use from many threads at once.
/// </remarks>
internal sealed unsafe class PackedRightOperand
{
    private readonly float[] _buffer;

    /// <summary>Packs a copy of <paramref name="rows"/> (<c>n x k</c>, any row stride) at the current <see cref="KernelDispatch.Width"/>.</summary>
    /// <param name="rows">The operand <c>B</c>, one vector per row; any shape, including 0 rows or 0 columns.</param>
    /// <exception cref="ArgumentOutOfRangeException">The packed copy would exceed the largest buffer .NET can allocate.</exception>
    public PackedRightOperand(ReadOnlyMatrixView rows)
    {
        Rows = rows.Rows;
        Depth = rows.Columns;
        Width = KernelDispatch.Width;
        (_buffer, ColumnAlignment) = Width switch
        {
            VectorWidth.Vector512 => PackFor<GemmMicroKernel512>(rows),
            VectorWidth.Vector256 => PackFor<GemmMicroKernel256>(rows),
            VectorWidth.Vector128 => PackFor<GemmMicroKernel128>(rows),
            _ => PackFor<GemmMicroKernelScalar>(rows),
        };
    }

    /// <summary>Number of rows of <c>B</c> (n): the columns of every product.</summary>
    public int Rows { get; }

    /// <summary>Number of columns of <c>B</c> (k): the inner dimension, which the left operand's columns must match.</summary>
    public int Depth { get; }

    /// <summary>The vector width whose micro-kernel the layout was packed for, and which every product with it uses.</summary>
    public VectorWidth Width { get; }

    /// <summary>
    /// Rows of <c>B</c> per packed panel (the micro-kernel's tile columns). Column ranges that start at a multiple of
    /// this are multiplied with no wasted work; other starts are correct but compute up to one extra panel.
    /// </summary>
    public int ColumnAlignment { get; }

    /// <summary>The first packed panel (64-byte aligned). The buffer is pinned but freed with this object: keep the object alive while the pointer is used.</summary>
    internal float* Panels => PinnedBuffer.Start(_buffer);

    /// <summary>Allocates the packed copy for <typeparamref name="TKernel"/>'s layout and fills it; returns it with the kernel's tile columns.</summary>
    private static (float[] Buffer, int TileColumns) PackFor<TKernel>(ReadOnlyMatrixView rows)
        where TKernel : struct, IGemmMicroKernel
    {
        long length = GemmDriver<TKernel>.PackedLength(rows.Rows, rows.Columns);
        if (length > PinnedBuffer.MaximumLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(rows), $"{rows.Rows} x {rows.Columns}", $"The packed copy needs {length} values; at most {PinnedBuffer.MaximumLength} fit in one buffer.");
        }

        float[] buffer = PinnedBuffer.Allocate((int)length);
        if (length > 0)
        {
            GemmDriver<TKernel>.Pack(rows, PinnedBuffer.Start(buffer));
        }

        return (buffer, TKernel.TileColumns);
    }
}
