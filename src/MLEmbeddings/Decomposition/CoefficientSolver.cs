using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Solves each data row's non-negative coefficients <c>w</c> with the components <c>H</c> fixed,
/// <c>min_w D(x | w H) + l1 |w|_1 + 0.5 l2 ||w||^2</c>: what a fitted NMF does to new rows, and the <c>W</c> step of
/// mini-batch fitting. Frobenius: coordinate descent from <c>w = 0</c> until each row's violation falls to the
/// tolerance (<see cref="NonNegativeCoordinateDescent.Solve"/>); Kullback-Leibler and Itakura-Saito: per-row
/// multiplicative updates (<see cref="MultiplicativeUpdate.SolveRows"/>). Each row's result depends on that row only.
/// </summary>
internal sealed class CoefficientSolver
{
    private readonly DenseMatrix _componentsTransposedMatrix;
    private readonly ReadOnlyMatrixView _componentsTransposed;
    private readonly MatrixView _gram;
    private DenseMatrix? _components;

    /// <summary>
    /// Prepares the solver for the components given as <paramref name="components"/> (<c>H</c>, <c>r x d</c>) or as
    /// <paramref name="componentsTransposed"/> (<c>Ht</c>, <c>d x r</c>; at least one non-null): keeps <c>Ht</c> and
    /// the Gram matrix <c>H H^T</c>; <c>H</c> itself is formed only when asked for (<see cref="Components"/>, and the
    /// multiplicative updates of the Kullback-Leibler and Itakura-Saito losses).
    /// </summary>
    public CoefficientSolver(DenseMatrix? components, BetaLoss loss, float l1, float l2, float tolerance, int maximumIterations, int maxDegreeOfParallelism, DenseMatrix? componentsTransposed = null)
    {
        _components = components;
        Loss = loss;
        L1 = l1;
        L2 = l2;
        Tolerance = tolerance;
        MaximumIterations = maximumIterations;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _componentsTransposedMatrix = componentsTransposed ?? components?.Transpose() ?? throw new ArgumentNullException(nameof(components), "Give the components or their transpose.");
        _componentsTransposed = _componentsTransposedMatrix.AsView();
        _gram = MatrixView.Allocate(Rank, Rank);
        Gemm.Multiply(_componentsTransposed, true, _componentsTransposed, false, _gram, maxDegreeOfParallelism: maxDegreeOfParallelism);
    }

    /// <summary>The components <c>H</c>, <c>r x d</c> (formed from <c>Ht</c> on first use when only that was given).</summary>
    public DenseMatrix Components => _components ??= _componentsTransposedMatrix.Transpose();

    /// <summary>Number of components <c>r</c>.</summary>
    public int Rank => _componentsTransposedMatrix.Columns;

    /// <summary>Input dimension <c>d</c>.</summary>
    public int Dimension => _componentsTransposedMatrix.Rows;

    /// <summary>The loss minimised.</summary>
    public BetaLoss Loss { get; }

    /// <summary>L1 penalty of each coefficient row.</summary>
    public float L1 { get; }

    /// <summary>L2 penalty of each coefficient row.</summary>
    public float L2 { get; }

    /// <summary>Relative tolerance at which a row stops.</summary>
    public float Tolerance { get; }

    /// <summary>Most sweeps or updates per row.</summary>
    public int MaximumIterations { get; }

    /// <summary>Thread limit.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary><c>Ht</c>, <c>d x r</c>.</summary>
    public ReadOnlyMatrixView ComponentsTransposed => _componentsTransposed;

    /// <summary>Solves the coefficients of dense rows; returns the number of rows that did not converge.</summary>
    public int Solve(ReadOnlyMatrixView rows, MatrixView coefficients)
    {
        if (Loss != BetaLoss.Frobenius)
        {
            return MultiplicativeUpdate.SolveRows(rows, Components.AsView(), Loss, L1, L2, Tolerance, MaximumIterations, coefficients, MaxDegreeOfParallelism);
        }

        MatrixView cross = MatrixView.Allocate(rows.Rows, Rank);
        Gemm.Multiply(rows, false, _componentsTransposed, false, cross, maxDegreeOfParallelism: MaxDegreeOfParallelism);
        return SolveFromCross(cross, coefficients);
    }

    /// <summary>Solves the coefficients of sparse rows; returns the number of rows that did not converge.</summary>
    public int Solve(CsrMatrix rows, MatrixView coefficients)
    {
        if (Loss != BetaLoss.Frobenius)
        {
            MatrixView dense = MatrixView.Allocate(rows.Rows, rows.Columns);
            rows.CopyTo(dense);
            return Solve(dense, coefficients);
        }

        MatrixView cross = MatrixView.Allocate(rows.Rows, Rank);
        SparseMatrixProducts.Multiply(rows, _componentsTransposed, cross, MaxDegreeOfParallelism);
        return SolveFromCross(cross, coefficients);
    }

    private int SolveFromCross(ReadOnlyMatrixView cross, MatrixView coefficients)
    {
        coefficients.Fill(0f);
        return NonNegativeCoordinateDescent.Solve(coefficients, _gram, cross, L1, L2, Tolerance, MaximumIterations, MaxDegreeOfParallelism);
    }
}
