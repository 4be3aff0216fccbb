using System.Numerics.Tensors;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Sparse (CSR) data for the NMF solvers: products by <see cref="SparseMatrixProducts"/> in <c>O(nnz r)</c>, losses at
/// the stored entries plus closed-form terms; nothing of size <c>n x d</c> is formed. The Itakura-Saito loss, which
/// needs every entry to be positive, is fitted on dense data instead.
/// </summary>
internal sealed class SparseFactorizationInput : FactorizationInput
{
    private readonly CsrMatrix _data;
    private float[]? _ratioValues;
    private CsrMatrix? _ratios;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    public SparseFactorizationInput(CsrMatrix data)
        : base(data.Rows, data.Columns, SumInDouble(data.Values), TensorPrimitives.SumOfSquares(data.Values), new CsrLinearOperator(data))
    {
        _data = data;
    }

    /// <summary>The data.</summary>
    public CsrMatrix Data => _data;

    /// <inheritdoc/>
    public override long NonZeroCount => _data.Values.Length - _data.Values.Count(0f);

    /// <inheritdoc/>
    public override void MultiplyComponents(ReadOnlyMatrixView componentsTransposed, MatrixView result, int maxDegreeOfParallelism)
        => SparseMatrixProducts.Multiply(_data, componentsTransposed, result, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void MultiplyComponentRows(ReadOnlyMatrixView componentsTransposed, int firstRow, MatrixView result)
        => SparseMatrixProducts.MultiplyRows(_data, firstRow, componentsTransposed, result);

    /// <inheritdoc/>
    public override void AccumulateTransposeRows(int firstRow, ReadOnlyMatrixView coefficientRows, MatrixView result, bool overwrite)
    {
        if (overwrite)
        {
            result.Fill(0f);
        }

        SparseMatrixProducts.AccumulateTransposeRows(_data, firstRow, coefficientRows, result);
    }

    /// <inheritdoc/>
    public override void TransposeMultiply(ReadOnlyMatrixView coefficients, MatrixView result, int maxDegreeOfParallelism)
        => SparseMatrixProducts.TransposeMultiply(_data, coefficients, result, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void ColumnGram(MatrixView result, int maxDegreeOfParallelism)
        => SparseMatrixProducts.ColumnGram(_data, result, maxDegreeOfParallelism);

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
        => throw new InvalidOperationException("The Itakura-Saito loss is fitted on dense data.");

    /// <inheritdoc/>
    public override void CoefficientTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism)
        => SparseMatrixProducts.Multiply(Ratios(loss, coefficients, componentsTransposed, maxDegreeOfParallelism), componentsTransposed, numerator, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public override void ComponentTerms(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, MatrixView numerator, MatrixView denominator, int maxDegreeOfParallelism)
        => SparseMatrixProducts.TransposeMultiply(Ratios(loss, coefficients, componentsTransposed, maxDegreeOfParallelism), coefficients, numerator, maxDegreeOfParallelism);

    private static double SumInDouble(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>The Kullback-Leibler ratios <c>x / (wh)'</c> at the stored entries, as a CSR matrix with the data's pattern (its value array is reused).</summary>
    private CsrMatrix Ratios(BetaLoss loss, ReadOnlyMatrixView coefficients, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism)
    {
        if (loss != BetaLoss.KullbackLeibler)
        {
            throw new InvalidOperationException($"Sparse data supports the Kullback-Leibler terms only; got {loss}.");
        }

        if (_ratios is null)
        {
            _ratioValues = new float[_data.NonZeroCount];
            _ratios = CsrMatrix.TakeOwnership(_data.Rows, _data.Columns, _data.RowPointers.ToArray(), _data.ColumnIndices.ToArray(), _ratioValues);
        }

        SparseMatrixProducts.ProductAtNonZeros(_data, coefficients, componentsTransposed, _ratioValues, maxDegreeOfParallelism);
        MultiplicativeUpdate.KullbackLeiblerRatios(_data.Values, _ratioValues);
        return _ratios;
    }
}
