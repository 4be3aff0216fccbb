using System.Numerics.Tensors;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>Dense data for the NMF solvers: every product is a <see cref="Gemm"/> call; the Kullback-Leibler and Itakura-Saito terms are formed one block of rows at a time, so <c>W H</c> is never held whole.</summary>
internal sealed class DenseFactorizationInput : FactorizationInput
{
    private const int RowsPerBlock = 512;

    private readonly ReadOnlyMatrixView _data;
    private float[]? _product;
    private float[]? _reciprocal;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    public DenseFactorizationInput(ReadOnlyMatrixView data)
        : this(data, RowSums(data))
    {
    }

    private DenseFactorizationInput(ReadOnlyMatrixView data, (double Sum, double Squares, long NonZero) sums)
        : base(data.Rows, data.Columns, sums.Sum, sums.Squares, new DenseLinearOperator(data))
    {
        _data = data;
        NonZeroCount = sums.NonZero;
    }

    /// <summary>The data.</summary>
    public ReadOnlyMatrixView Data => _data;

    /// <inheritdoc/>
    public override long NonZeroCount { get; }

    /// <inheritdoc/>
    public override void MultiplyComponents(ReadOnlyMatrixView componentsTransposed, MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(_data, false, componentsTransposed, false, result, maxDegreeOfParallelism: maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void MultiplyComponentRows(ReadOnlyMatrixView componentsTransposed, int firstRow, MatrixView result)
        => Gemm.Multiply(_data.SliceRows(firstRow, result.Rows), false, componentsTransposed, false, result, maxDegreeOfParallelism: 1);

    /// <inheritdoc/>
    public override void AccumulateTransposeRows(int firstRow, ReadOnlyMatrixView coefficientRows, MatrixView result, bool overwrite)
        => Gemm.Multiply(_data.SliceRows(firstRow, coefficientRows.Rows), true, coefficientRows, false, result, beta: overwrite ? 0f : 1f, maxDegreeOfParallelism: 1);

    /// <inheritdoc/>
    public override void TransposeMultiply(ReadOnlyMatrixView coefficients, MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(_data, true, coefficients, false, result, maxDegreeOfParallelism: maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void ColumnGram(MatrixView result, int maxDegreeOfParallelism)
        => Gemm.Multiply(_data, true, _data, false, result, maxDegreeOfParallelism: maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override int SolveCoefficients(CoefficientSolver solver, MatrixView coefficients) => solver.Solve(_data, coefficients);

    /// <inheritdoc/>
    public override double SquaredResidual(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism)
        => FactorizationLoss.SquaredFrobenius(_data, coefficients, componentsTransposed, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override double KullbackLeibler(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism)
        => FactorizationLoss.KullbackLeibler(_data, coefficients, componentsTransposed, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override double ItakuraSaito(ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism)
        => FactorizationLoss.ItakuraSaito(_data, coefficients, componentsTransposed, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void CoefficientTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism)
    {
        for (int start = 0; start < Rows; start += RowsPerBlock)
        {
            int count = Math.Min(RowsPerBlock, Rows - start);
            (MatrixView product, MatrixView reciprocal) = Ratios(loss, coefficients.SliceRows(start, count), componentsTransposed, start, maxDegreeOfParallelism);
            Gemm.Multiply(product, false, componentsTransposed, false, numerator.SliceRows(start, count), maxDegreeOfParallelism: maxDegreeOfParallelism);
            if (loss == BetaLoss.ItakuraSaito)
            {
                Gemm.Multiply(reciprocal, false, componentsTransposed, false, denominator.SliceRows(start, count), maxDegreeOfParallelism: maxDegreeOfParallelism);
            }
        }
    }

    /// <inheritdoc/>
    public override void ComponentTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism)
    {
        for (int start = 0; start < Rows; start += RowsPerBlock)
        {
            int count = Math.Min(RowsPerBlock, Rows - start);
            ReadOnlyMatrixView block = coefficients.SliceRows(start, count);
            (MatrixView product, MatrixView reciprocal) = Ratios(loss, block, componentsTransposed, start, maxDegreeOfParallelism);
            float accumulate = start == 0 ? 0f : 1f;
            Gemm.Multiply(product, true, block, false, numerator, beta: accumulate, maxDegreeOfParallelism: maxDegreeOfParallelism);
            if (loss == BetaLoss.ItakuraSaito)
            {
                Gemm.Multiply(reciprocal, true, block, false, denominator, beta: accumulate, maxDegreeOfParallelism: maxDegreeOfParallelism);
            }
        }
    }

    /// <summary>For rows <c>[start, start + count)</c>: <c>P = W_b H</c> turned into the loss's ratio, and for Itakura-Saito <c>1 / P'</c>.</summary>
    private (MatrixView Product, MatrixView Reciprocal) Ratios(BetaLoss loss, ReadOnlyMatrixView block, ReadOnlyMatrixView componentsTransposed, int start, int maxDegreeOfParallelism)
    {
        int length = checked(RowsPerBlock * Columns);
        _product ??= new float[length];
        var product = new MatrixView(_product, block.Rows, Columns);
        Gemm.Multiply(block, false, componentsTransposed, true, product, maxDegreeOfParallelism: maxDegreeOfParallelism);
        ReadOnlyMatrixView data = _data.SliceRows(start, block.Rows);
        if (loss == BetaLoss.KullbackLeibler)
        {
            MultiplicativeUpdate.KullbackLeiblerRatios(data, product, maxDegreeOfParallelism);
            return (product, product);
        }

        _reciprocal ??= new float[length];
        var reciprocal = new MatrixView(_reciprocal, block.Rows, Columns);
        MultiplicativeUpdate.ItakuraSaitoRatios(data, product, reciprocal, maxDegreeOfParallelism);
        return (product, reciprocal);
    }

    /// <summary>The sum, the sum of squares and the number of non-zero values of <paramref name="data"/>, one row at a time in double precision.</summary>
    private static (double Sum, double Squares, long NonZero) RowSums(ReadOnlyMatrixView data)
    {
        double sum = 0;
        double squares = 0;
        long nonZero = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            sum += TensorPrimitives.Sum(row);
            squares += TensorPrimitives.SumOfSquares(row);
            nonZero += row.Length - row.Count(0f);
        }

        return (sum, squares, nonZero);
    }
}
