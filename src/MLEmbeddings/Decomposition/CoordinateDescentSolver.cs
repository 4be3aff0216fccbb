using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// HALS / coordinate descent (scikit-learn's <c>cd</c> solver, Cichocki and Phan 2009), Frobenius loss. Each
/// iteration updates <c>W</c> with <c>G = H H^T</c> and <c>C = X H^T</c>, then <c>H</c> (as <c>Ht</c>) with
/// <c>G = W^T W</c> and <c>C = X^T W</c>: two products with the data (<see cref="Gemm"/> or the sparse kernels), two
/// small Gram products, and the coordinate sweeps (<see cref="NonNegativeCoordinateDescent.SweepRepeatedly"/>) of
/// <c>O(r^2 (n + d))</c>. The <c>W</c> update streams over blocks of rows (<see cref="CoefficientBlockUpdate"/>): no
/// <c>n x r</c> product is held (memory beyond the factors is <c>O(d r)</c>), and on dense data of modest width the
/// same pass also forms the <c>H</c> update's <c>X^T W</c> and <c>W^T W</c>. The relative error reported with each
/// iteration's progress comes from the <c>H</c> update's products in <c>O(r (d + r))</c>.
/// It stops when the summed projected-gradient violation of an iteration is at most <c>tolerance</c> times the first
/// iteration's (the violations of each update's first sweep, scikit-learn's measure).
/// <para>
/// With accelerated sweeps (Gillis and Glineur 2012, "accelerated HALS"), each update repeats the sweep of each row
/// of its factor while the sweeps still make progress: at most <c>1 + (1 + rho) / 2</c> sweeps, <c>rho</c> being the
/// time of the update's products relative to one sweep (from the non-zero count, the same for dense and sparse
/// storage of a matrix), a row stopping once its sweep's violation falls below a tenth of its first. The products dominate an iteration,
/// so a given error takes fewer passes over the data and less time. Without them each update makes one sweep, exactly
/// scikit-learn's <c>cd</c> iteration.
/// </para>
/// </summary>
internal sealed class CoordinateDescentSolver : IFactorizationSolver
{
    /// <summary>A repeated sweep of a row stops once its violation is at most this share of the row's first sweep.</summary>
    private const float RepeatStop = 0.1f;

    /// <summary>Most sweeps per update with acceleration.</summary>
    private const int MaximumSweeps = 50;

    /// <summary>
    /// How much slower a sweep's multiply-add is than a product's: the sweep updates one coordinate after another, so it
    /// is bound by latency where the GEMM is bound by throughput (about 4 measured on AVX2 and AVX-512 machines), but
    /// the products are costed by non-zeros and a dense GEMM also multiplies the zeros; 2 balances the two.
    /// </summary>
    private const double SweepSlowdown = 2;

    /// <inheritdoc/>
    public FactorizationOutcome Run(FactorizationInput input, FactorizationState state, FactorizationSettings settings, IterationMonitor monitor)
    {
        int rank = settings.Rank;
        int threads = settings.MaxDegreeOfParallelism;
        MatrixView coefficients = state.Coefficients;
        MatrixView componentsTransposed = state.ComponentsTransposed;
        MatrixView coefficientGram = MatrixView.Allocate(rank, rank);
        MatrixView componentGram = MatrixView.Allocate(rank, rank);
        MatrixView componentCross = MatrixView.Allocate(input.Columns, rank);
        var blocks = new CoefficientBlockUpdate(input, rank, threads);
        Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, componentGram, maxDegreeOfParallelism: threads);
        long rankSquared = (long)rank * rank;
        int coefficientSweeps = settings.AcceleratedSweeps ? SweepLimit((input.NonZeroCount * rank) + (input.Columns * rankSquared), input.Rows * rankSquared) : 1;
        int componentSweeps = settings.AcceleratedSweeps ? SweepLimit((input.NonZeroCount * rank) + (input.Rows * rankSquared), input.Columns * rankSquared) : 1;
        double firstViolation = 0;
        for (int iteration = 1; iteration <= settings.MaximumIterations; iteration++)
        {
            monitor.ThrowIfCancellationRequested();
            double violation = blocks.Update(input, coefficients, componentsTransposed, componentGram, settings, coefficientSweeps, RepeatStop, componentCross, coefficientGram);
            if (!blocks.Fused)
            {
                Gemm.Multiply(coefficients, true, coefficients, false, coefficientGram, maxDegreeOfParallelism: threads);
                input.TransposeMultiply(coefficients, componentCross, threads);
            }

            violation += Sweeps(componentsTransposed, coefficientGram, componentCross, settings.L1H, settings.L2H, componentSweeps, threads);

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

    /// <summary><c>1 + (1 + rho) / 2</c> sweeps for products costing <c>rho</c> sweeps (in time), at least 1 and at most <see cref="MaximumSweeps"/>.</summary>
    private static int SweepLimit(long productCost, long sweepCost)
        => (int)Math.Clamp(1 + (0.5 * (1 + ((double)productCost / (SweepSlowdown * Math.Max(sweepCost, 1))))), 1, MaximumSweeps);

    /// <summary>
    /// Up to <paramref name="limit"/> sweeps over all rows of <paramref name="factor"/>, stopping once a whole sweep's
    /// violation is at most <see cref="RepeatStop"/> times the first's; returns the first sweep's violation.
    /// </summary>
    private static double Sweeps(MatrixView factor, ReadOnlyMatrixView gram, ReadOnlyMatrixView cross, float l1, float l2, int limit, int threads)
    {
        double first = NonNegativeCoordinateDescent.Sweep(factor, gram, cross, l1, l2, threads);
        for (int sweep = 1; sweep < limit; sweep++)
        {
            if (NonNegativeCoordinateDescent.Sweep(factor, gram, cross, l1, l2, threads) <= RepeatStop * first)
            {
                break;
            }
        }

        return first;
    }
}
