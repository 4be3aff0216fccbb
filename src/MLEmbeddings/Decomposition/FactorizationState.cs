using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The factors being fitted, in the layout every solver uses: the coefficients <c>W</c> (<c>n x r</c>) and the
/// components transposed, <c>Ht = H^T</c> (<c>d x r</c>), both row-major, so that the <c>W</c> and <c>H</c> updates
/// are the same row-wise kernels.
/// </summary>
internal sealed class FactorizationState
{
    private readonly float[] _componentsTransposed;

    /// <summary>Allocates zero factors for <paramref name="rows"/> x <paramref name="columns"/> data and rank <paramref name="rank"/>.</summary>
    public FactorizationState(int rows, int columns, int rank)
    {
        Rank = rank;
        Coefficients = MatrixView.Allocate(rows, rank);
        _componentsTransposed = new float[checked(columns * rank)];
        ComponentsTransposed = new MatrixView(_componentsTransposed, columns, rank);
    }

    /// <summary>Number of components.</summary>
    public int Rank { get; }

    /// <summary><c>W</c>, <c>n x r</c>.</summary>
    public MatrixView Coefficients { get; }

    /// <summary><c>Ht</c>, <c>d x r</c>.</summary>
    public MatrixView ComponentsTransposed { get; }

    /// <summary>The components <c>H</c> (<c>r x d</c>) as an immutable matrix.</summary>
    public DenseMatrix Components()
    {
        int columns = ComponentsTransposed.Rows;
        var values = new float[checked(Rank * columns)];
        for (int j = 0; j < columns; j++)
        {
            ReadOnlySpan<float> row = ComponentsTransposed.Row(j);
            for (int t = 0; t < Rank; t++)
            {
                values[(t * columns) + j] = row[t];
            }
        }

        return DenseMatrix.TakeOwnership(values, Rank, columns);
    }

    /// <summary><c>Ht</c> as an immutable matrix sharing this state's storage: for the end of a fit, after which the state is no longer updated.</summary>
    public DenseMatrix ReleaseComponentsTransposed() => DenseMatrix.TakeOwnership(_componentsTransposed, ComponentsTransposed.Rows, Rank);
}
