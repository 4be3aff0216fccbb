using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The data <c>X</c> (<c>n x d</c>, non-negative) as the NMF solvers see it: the products and losses they need, dense
/// (<see cref="DenseFactorizationInput"/>, <see cref="Gemm"/>) or sparse (<see cref="SparseFactorizationInput"/>,
/// <see cref="SparseMatrixProducts"/>), so every solver is written once. Factors come as <c>W</c> (<c>n x r</c>) and
/// <c>Ht</c> (<c>d x r</c>).
/// </summary>
internal abstract class FactorizationInput
{
    /// <summary>Records the shape and value statistics of <c>X</c> that every storage reports alike.</summary>
    /// <param name="rows">Number of rows <c>n</c>.</param>
    /// <param name="columns">Number of columns <c>d</c>.</param>
    /// <param name="sum">The sum of all values, accumulated in double precision (for <see cref="Mean"/>).</param>
    /// <param name="squaredNorm"><c>||X||_F^2</c>.</param>
    /// <param name="linearOperator"><c>X</c> as a linear operator.</param>
    protected FactorizationInput(int rows, int columns, double sum, double squaredNorm, ILinearOperator linearOperator)
    {
        Rows = rows;
        Columns = columns;
        SquaredNorm = squaredNorm;
        Mean = rows == 0 || columns == 0 ? 0 : sum / ((double)rows * columns);
        Operator = linearOperator;
    }

    /// <summary>Number of rows <c>n</c>.</summary>
    public int Rows { get; }

    /// <summary>Number of columns <c>d</c>.</summary>
    public int Columns { get; }

    /// <summary><c>||X||_F^2</c>.</summary>
    public double SquaredNorm { get; }

    /// <summary>The mean of all <c>n d</c> values (0 when there are none).</summary>
    public double Mean { get; }

    /// <summary>
    /// Number of non-zero values: the multiply-adds of a sparse product with one vector. Dense data reports it too, so
    /// that choices made from it (accelerated sweeps) are the same for both storages of a matrix.
    /// </summary>
    public abstract long NonZeroCount { get; }

    /// <summary><c>X</c> as a linear operator, for the randomized SVD of the NNDSVD initialisation.</summary>
    public ILinearOperator Operator { get; }

    /// <summary><paramref name="result"/> (<c>n x r</c>) = <c>X Ht</c>.</summary>
    public abstract void MultiplyComponents(ReadOnlyMatrixView componentsTransposed, MatrixView result, int maxDegreeOfParallelism);

    /// <summary>Rows <c>[firstRow, firstRow + result.Rows)</c> of <c>X H^T</c> into <paramref name="result"/>, on the calling thread.</summary>
    public abstract void MultiplyComponentRows(ReadOnlyMatrixView componentsTransposed, int firstRow, MatrixView result);

    /// <summary>
    /// <paramref name="result"/> (<c>d x r</c>) becomes (<paramref name="overwrite"/>) or gains <c>X_rows^T W_rows</c>
    /// for the rows <c>[firstRow, firstRow + coefficientRows.Rows)</c>, on the calling thread.
    /// </summary>
    public abstract void AccumulateTransposeRows(int firstRow, ReadOnlyMatrixView coefficientRows, MatrixView result, bool overwrite);

    /// <summary><paramref name="result"/> (<c>d x r</c>) = <c>X^T W</c>.</summary>
    public abstract void TransposeMultiply(ReadOnlyMatrixView coefficients, MatrixView result, int maxDegreeOfParallelism);

    /// <summary><paramref name="result"/> (<c>d x d</c>) = <c>X^T X</c>, the Gram matrix of the columns.</summary>
    public abstract void ColumnGram(MatrixView result, int maxDegreeOfParallelism);

    /// <summary><c>||X - W H||_F^2</c>.</summary>
    public abstract double SquaredResidual(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism);

    /// <summary>The Kullback-Leibler divergence of <c>X</c> and <c>W H</c>.</summary>
    public abstract double KullbackLeibler(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism);

    /// <summary>The Itakura-Saito divergence of <c>X</c> and <c>W H</c> (dense data only).</summary>
    public abstract double ItakuraSaito(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism);

    /// <summary>
    /// The multiplicative-update terms of the <c>W</c> update for a loss other than Frobenius: <paramref name="numerator"/>
    /// (<c>n x r</c>) = <c>(X / (W H)'^(2 - beta)) Ht</c> and, for Itakura-Saito, <paramref name="denominator"/> (<c>n x r</c>)
    /// = <c>(1 / (W H)') Ht</c>.
    /// </summary>
    public abstract void CoefficientTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism);

    /// <summary>
    /// The multiplicative-update terms of the <c>H</c> update, transposed: <paramref name="numerator"/> (<c>d x r</c>) =
    /// <c>(X / (W H)'^(2 - beta))^T W</c> and, for Itakura-Saito, <paramref name="denominator"/> (<c>d x r</c>) =
    /// <c>(1 / (W H)')^T W</c>.
    /// </summary>
    public abstract void ComponentTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism);

    /// <summary>Solves every row's coefficients for fixed components with <paramref name="solver"/>; returns the number of rows that did not converge.</summary>
    public abstract int SolveCoefficients(CoefficientSolver solver, MatrixView coefficients);

    /// <summary>The beta-divergence <c>D_beta(X | W H)</c> in scikit-learn's convention (half the squared norm for Frobenius).</summary>
    public double Divergence(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism) => loss switch
    {
        BetaLoss.KullbackLeibler => KullbackLeibler(coefficients, componentsTransposed, maxDegreeOfParallelism),
        BetaLoss.ItakuraSaito => ItakuraSaito(coefficients, componentsTransposed, maxDegreeOfParallelism),
        _ => 0.5 * SquaredResidual(coefficients, componentsTransposed, maxDegreeOfParallelism),
    };
}
