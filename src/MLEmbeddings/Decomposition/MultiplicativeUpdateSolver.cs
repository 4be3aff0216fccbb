using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Multiplicative updates for the beta-divergences (scikit-learn's <c>mu</c> solver): each iteration updates
/// <c>W = W * (N_W / D_W)^gamma</c> then <c>H</c> likewise (in the <c>Ht</c> layout), with
/// <list type="bullet">
/// <item>Frobenius: <c>N_W = X H^T</c>, <c>D_W = W (H H^T)</c>; <c>N_Ht = X^T W</c>, <c>D_Ht = Ht (W^T W)</c> (all GEMM);</item>
/// <item>Kullback-Leibler: <c>N_W = (X / WH) H^T</c>, <c>D_W</c> = the row sums of <c>H</c>; <c>N_Ht = (X / WH)^T W</c>, <c>D_Ht</c> = the column sums of <c>W</c> (a zero sum counts as 1);</item>
/// <item>Itakura-Saito: <c>N_W = (X / WH^2) H^T</c>, <c>D_W = (1 / WH) H^T</c>, and likewise for <c>H</c>, with <c>gamma = 1/2</c>.</item>
/// </list>
/// Every 10 iterations (when the tolerance is positive) it computes the error <c>sqrt(2 D_beta)</c> and stops when it
/// fell by less than <c>tolerance</c> times the initial error since the last check. Each update never increases the
/// divergence (without regularisation).
/// </summary>
internal sealed class MultiplicativeUpdateSolver : IFactorizationSolver
{
    private const int CheckInterval = 10;

    /// <inheritdoc/>
    public FactorizationOutcome Run(FactorizationInput input, FactorizationState state, FactorizationSettings settings, IterationMonitor monitor)
    {
        int rank = settings.Rank;
        int threads = settings.MaxDegreeOfParallelism;
        BetaLoss loss = settings.Loss;
        MatrixView coefficients = state.Coefficients;
        MatrixView componentsTransposed = state.ComponentsTransposed;
        MultiplicativeUpdateSettings coefficientStep = MultiplicativeUpdateSettings.For(loss, settings.L1W, settings.L2W, isComponents: false);
        MultiplicativeUpdateSettings componentStep = MultiplicativeUpdateSettings.For(loss, settings.L1H, settings.L2H, isComponents: true);
        MatrixView gram = MatrixView.Allocate(rank, rank);
        MatrixView coefficientNumerator = MatrixView.Allocate(input.Rows, rank);
        MatrixView coefficientDenominator = MatrixView.Allocate(loss == BetaLoss.KullbackLeibler ? 0 : input.Rows, rank);
        MatrixView componentNumerator = MatrixView.Allocate(input.Columns, rank);
        MatrixView componentDenominator = MatrixView.Allocate(loss == BetaLoss.KullbackLeibler ? 0 : input.Columns, rank);
        var sums = new float[rank];
        double initialError = Error(input, state, loss, threads);
        double previousError = initialError;
        for (int iteration = 1; iteration <= settings.MaximumIterations; iteration++)
        {
            monitor.ThrowIfCancellationRequested();
            if (loss == BetaLoss.Frobenius)
            {
                input.MultiplyComponents(componentsTransposed, coefficientNumerator, threads);
                Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, gram, maxDegreeOfParallelism: threads);
                Gemm.Multiply(coefficients, gram, coefficientDenominator, maxDegreeOfParallelism: threads);
                MultiplicativeUpdate.Apply(coefficients, coefficientNumerator, coefficientDenominator, coefficientStep, threads);
                input.TransposeMultiply(coefficients, componentNumerator, threads);
                Gemm.Multiply(coefficients, true, coefficients, false, gram, maxDegreeOfParallelism: threads);
                Gemm.Multiply(componentsTransposed, gram, componentDenominator, maxDegreeOfParallelism: threads);
                MultiplicativeUpdate.Apply(componentsTransposed, componentNumerator, componentDenominator, componentStep, threads);
            }
            else if (loss == BetaLoss.KullbackLeibler)
            {
                input.CoefficientTerms(loss, coefficients, componentsTransposed, coefficientNumerator, coefficientDenominator, threads);
                ColumnSums(componentsTransposed, sums, zeroAsOne: false);
                MultiplicativeUpdate.Apply(coefficients, coefficientNumerator, sums, coefficientStep, threads);
                input.ComponentTerms(loss, coefficients, componentsTransposed, componentNumerator, componentDenominator, threads);
                ColumnSums(coefficients, sums, zeroAsOne: true);
                MultiplicativeUpdate.Apply(componentsTransposed, componentNumerator, sums, componentStep, threads);
            }
            else
            {
                input.CoefficientTerms(loss, coefficients, componentsTransposed, coefficientNumerator, coefficientDenominator, threads);
                MultiplicativeUpdate.Apply(coefficients, coefficientNumerator, coefficientDenominator, coefficientStep, threads);
                input.ComponentTerms(loss, coefficients, componentsTransposed, componentNumerator, componentDenominator, threads);
                MultiplicativeUpdate.Apply(componentsTransposed, componentNumerator, componentDenominator, componentStep, threads);
            }

            double measure = double.NaN;
            double relativeError = double.NaN;
            bool converged = false;
            if (settings.Tolerance > 0 && iteration % CheckInterval == 0)
            {
                double error = Error(input, state, loss, threads);
                measure = (previousError - error) / initialError;
                converged = measure < settings.Tolerance;
                previousError = error;
                relativeError = loss == BetaLoss.Frobenius ? FactorizationResult.RelativeError(error * error, input.SquaredNorm) : double.NaN;
            }

            monitor.Report(iteration, input.Rows, measure, relativeError);
            if (converged)
            {
                return new FactorizationOutcome(iteration, Converged: true);
            }
        }

        return new FactorizationOutcome(settings.MaximumIterations, Converged: false);
    }

    /// <summary>scikit-learn's error <c>sqrt(2 D_beta(X | W H))</c>.</summary>
    private static double Error(FactorizationInput input, FactorizationState state, BetaLoss loss, int threads)
        => Math.Sqrt(2 * Math.Max(input.Divergence(loss, state.Coefficients, state.ComponentsTransposed, threads), 0));

    /// <summary>The column sums of <paramref name="matrix"/> (<c>m x r</c>) into <paramref name="sums"/>; with <paramref name="zeroAsOne"/>, a zero sum becomes 1 (scikit-learn's <c>W_sum[W_sum == 0] = 1</c>).</summary>
    private static void ColumnSums(ReadOnlyMatrixView matrix, float[] sums, bool zeroAsOne)
    {
        var total = new double[sums.Length];
        for (int i = 0; i < matrix.Rows; i++)
        {
            ReadOnlySpan<float> row = matrix.Row(i);
            for (int t = 0; t < total.Length; t++)
            {
                total[t] += row[t];
            }
        }

        for (int t = 0; t < sums.Length; t++)
        {
            sums[t] = zeroAsOne && total[t] == 0 ? 1f : (float)total[t];
        }
    }
}
