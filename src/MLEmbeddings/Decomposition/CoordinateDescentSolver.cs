using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// HALS / coordinate descent (scikit-learn's <c>cd</c> solver, Cichocki and Phan 2009), Frobenius loss. Each
/// iteration updates <c>W</c> with <c>G = H H^T</c> and <c>C = X H^T</c>, then <c>H</c> (as <c>Ht</c>) with
/// <c>G = W^T W</c> and <c>C = X^T W</c>: two products with the data (<see cref="Gemm"/> or the sparse kernels), two
/// small Gram products, and two <see cref="NonNegativeCoordinateDescent.Sweep"/> calls of <c>O(r^2 (n + d))</c>. The
/// relative error reported with each iteration's progress comes from those products in <c>O(r (d + r))</c>.
/// It stops when the summed projected-gradient violation of an iteration is at most <c>tolerance</c> times the first
/// iteration's.
/// </summary>
internal sealed class CoordinateDescentSolver : IFactorizationSolver
{
    /// <inheritdoc/>
    public FactorizationOutcome Run(FactorizationInput input, FactorizationState state, FactorizationSettings settings, IterationMonitor monitor)
    {
        int rank = settings.Rank;
        int threads = settings.MaxDegreeOfParallelism;
        MatrixView coefficients = state.Coefficients;
        MatrixView componentsTransposed = state.ComponentsTransposed;
        MatrixView coefficientGram = MatrixView.Allocate(rank, rank);
        MatrixView componentGram = MatrixView.Allocate(rank, rank);
        MatrixView coefficientCross = MatrixView.Allocate(input.Rows, rank);
        MatrixView componentCross = MatrixView.Allocate(input.Columns, rank);
        Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, componentGram, maxDegreeOfParallelism: threads);
        double firstViolation = 0;
        for (int iteration = 1; iteration <= settings.MaximumIterations; iteration++)
        {
            monitor.ThrowIfCancellationRequested();
            input.MultiplyComponents(componentsTransposed, coefficientCross, threads);
            double violation = NonNegativeCoordinateDescent.Sweep(coefficients, componentGram, coefficientCross, settings.L1W, settings.L2W, threads);

            Gemm.Multiply(coefficients, true, coefficients, false, coefficientGram, maxDegreeOfParallelism: threads);
            input.TransposeMultiply(coefficients, componentCross, threads);
            violation += NonNegativeCoordinateDescent.Sweep(componentsTransposed, coefficientGram, componentCross, settings.L1H, settings.L2H, threads);

            // The next W update needs H H^T; with X^T W and W^T W it also gives this iteration's error cheaply.
            Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, componentGram, maxDegreeOfParallelism: threads);
            double residual = FactorizationLoss.SquaredFrobeniusFromProducts(input.SquaredNorm, componentCross, componentsTransposed, coefficientGram, componentGram);
            firstViolation = iteration == 1 ? violation : firstViolation;
            double ratio = firstViolation == 0 ? 0 : violation / firstViolation;
            monitor.Report(iteration, input.Rows, ratio, FactorizationResult.RelativeError(residual, input.SquaredNorm));
            if (firstViolation == 0 || ratio <= settings.Tolerance)
            {
                return new FactorizationOutcome(iteration, Converged: true);
            }
        }

        return new FactorizationOutcome(settings.MaximumIterations, Converged: false);
    }
}
