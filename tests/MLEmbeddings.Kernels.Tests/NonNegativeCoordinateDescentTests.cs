using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class NonNegativeCoordinateDescentTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    /// <summary>A Gram matrix of a random non-negative r x d factor and a cross term of random data, as in an NMF W update.</summary>
    private static (float[] Gram, float[] Cross, float[] Start) Problem(int rows, int rank, int seed)
    {
        const int length = 30;
        float[] components = FactorizationOracle.NonNegative(seed, rank * length);
        float[] gram = FactorizationOracle.Gram(FactorizationOracle.Transpose(components, rank, length), length, rank);
        float[] data = FactorizationOracle.NonNegative(seed + 1, rows * length, zeroShare: 0.3);
        double[] cross = FactorizationOracle.Multiply(data, FactorizationOracle.Transpose(components, rank, length), rows, length, rank);
        float[] start = FactorizationOracle.NonNegative(seed + 2, rows * rank, 0.5f, zeroShare: 0.4);
        return (gram, cross.Select(v => (float)v).ToArray(), start);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void One_sweep_matches_scikit_learns_update_in_double(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach ((int rows, int rank, float l1, float l2) in new[] { (37, 7, 0f, 0f), (16, 4, 0.3f, 0.2f), (5, 1, 0f, 0.5f), (300, 13, 0.05f, 0f) })
        {
            (float[] gram, float[] cross, float[] start) = Problem(rows, rank, rows + rank);
            var factor = (float[])start.Clone();
            double violation = NonNegativeCoordinateDescent.Sweep(new MatrixView(factor, rows, rank), new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, rows, rank), l1, l2, maxDegreeOfParallelism: 1);

            double expectedViolation = 0;
            for (int i = 0; i < rows; i++)
            {
                double[] row = start.AsSpan(i * rank, rank).ToArray().Select(v => (double)v).ToArray();
                expectedViolation += FactorizationOracle.SweepRow(row, gram, cross.AsSpan(i * rank, rank), l1, l2);
                Assert.True(FactorizationOracle.RelativeDifference(row, factor.AsSpan(i * rank, rank)) < 2e-4, $"{rows} x {rank}: row {i} differs");
            }

            Assert.Equal(expectedViolation, violation, 1e-4 * expectedViolation);
            Assert.All(factor, value => Assert.True(value >= 0f));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Solve_reaches_the_non_negative_least_squares_optimum_and_each_row_is_independent_of_the_others(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 45;
        const int rank = 6;
        (float[] gram, float[] cross, _) = Problem(rows, rank, 7);
        var factor = new float[rows * rank];
        int unconverged = NonNegativeCoordinateDescent.Solve(new MatrixView(factor, rows, rank), new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, rows, rank), 0f, 0f, 1e-6f, 2000);
        Assert.Equal(0, unconverged);
        for (int i = 0; i < rows; i++)
        {
            // KKT conditions of min 0.5 f G f' - f c' with f >= 0: gradient >= 0, and 0 where f > 0.
            double[] row = factor.AsSpan(i * rank, rank).ToArray().Select(v => (double)v).ToArray();
            double scale = cross.AsSpan(i * rank, rank).ToArray().Max(Math.Abs) + 1e-12;
            for (int t = 0; t < rank; t++)
            {
                double gradient = -cross[(i * rank) + t];
                for (int s = 0; s < rank; s++)
                {
                    gradient += gram[(t * rank) + s] * row[s];
                }

                Assert.True(gradient >= -2e-3 * scale, $"row {i} component {t}: gradient {gradient}");
                if (row[t] > 1e-3)
                {
                    Assert.True(Math.Abs(gradient) <= 2e-3 * scale, $"row {i} component {t}: gradient {gradient} at f = {row[t]}");
                }
            }
        }

        // Row 9 solved alone gives the same bits as inside the block.
        var alone = new float[rank];
        NonNegativeCoordinateDescent.Solve(new MatrixView(alone, 1, rank), new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross.AsMemory(9 * rank, rank), 1, rank), 0f, 0f, 1e-6f, 2000);
        Assert.Equal(factor.AsSpan(9 * rank, rank).ToArray(), alone);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_zero_cross_term_keeps_the_row_at_zero_without_dividing_by_zero(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rank = 3;
        float[] gram = [0f, 0f, 0f, 0f, 2f, 0f, 0f, 0f, 1f];
        var cross = new float[2 * rank];
        cross[rank + 2] = 3f;
        var factor = new float[2 * rank];
        int unconverged = NonNegativeCoordinateDescent.Solve(new MatrixView(factor, 2, rank), new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, 2, rank), 0f, 0f, 1e-4f, 50);
        Assert.Equal(0, unconverged);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 3f], factor);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Repeated_sweeps_follow_the_double_reference_row_by_row_and_return_the_first_sweeps_violation(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const float relativeStop = 0.1f;
        const int maximumSweeps = 6;
        foreach ((int rows, int rank, float l1, float l2) in new[] { (37, 7, 0f, 0f), (40, 5, 0.2f, 0.1f), (300, 13, 0.05f, 0f) })
        {
            (float[] gram, float[] cross, float[] start) = Problem(rows, rank, (3 * rows) + rank);
            var factor = (float[])start.Clone();
            double violation = NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(factor, rows, rank), new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, rows, rank), l1, l2, maximumSweeps, relativeStop, maxDegreeOfParallelism: 1);

            // Reference: each row swept in double until its violation is at most a tenth of its first sweep's.
            double expectedViolation = 0;
            for (int i = 0; i < rows; i++)
            {
                double[] row = start.AsSpan(i * rank, rank).ToArray().Select(v => (double)v).ToArray();
                double first = FactorizationOracle.SweepRow(row, gram, cross.AsSpan(i * rank, rank), l1, l2);
                expectedViolation += first;
                for (int sweep = 2; sweep <= maximumSweeps && first > 0; sweep++)
                {
                    if (FactorizationOracle.SweepRow(row, gram, cross.AsSpan(i * rank, rank), l1, l2) <= relativeStop * first)
                    {
                        break;
                    }
                }

                Assert.True(FactorizationOracle.RelativeDifference(row, factor.AsSpan(i * rank, rank)) < 1e-3, $"{rows} x {rank}: row {i} differs");
            }

            Assert.Equal(expectedViolation, violation, 1e-4 * expectedViolation);
            Assert.All(factor, value => Assert.True(value >= 0f));
        }
    }

    [Fact]
    public void One_repeated_sweep_is_one_sweep_and_repeated_sweeps_are_bit_identical_for_every_thread_count()
    {
        const int rows = 700;
        const int rank = 9;
        (float[] gram, float[] cross, float[] start) = Problem(rows, rank, 19);
        var gramView = new ReadOnlyMatrixView(gram, rank, rank);
        var crossView = new ReadOnlyMatrixView(cross, rows, rank);
        var once = (float[])start.Clone();
        var single = (float[])start.Clone();
        double onceViolation = NonNegativeCoordinateDescent.Sweep(new MatrixView(once, rows, rank), gramView, crossView, 0.1f, 0f, 2);
        double singleViolation = NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(single, rows, rank), gramView, crossView, 0.1f, 0f, 1, 0.1f, 1);
        Assert.Equal(onceViolation, singleViolation);
        Assert.Equal(once, single);

        var oneThread = (float[])start.Clone();
        var twoThreads = (float[])start.Clone();
        double first = NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(oneThread, rows, rank), gramView, crossView, 0f, 0.2f, 8, 0.05f, 1);
        double second = NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(twoThreads, rows, rank), gramView, crossView, 0f, 0.2f, 8, 0.05f, 2);
        Assert.Equal(first, second);
        Assert.Equal(oneThread, twoThreads);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(oneThread, rows, rank), gramView, crossView, 0f, 0f, 3, 1.5f));
        Assert.Equal("relativeStop", ex.ParamName);
        Assert.Contains("got 1.5", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.SweepRepeatedly(new MatrixView(oneThread, rows, rank), gramView, crossView, 0f, 0f, 0, 0.1f));
        Assert.Equal("maximumSweeps", ex.ParamName);
    }

    [Fact]
    public void Results_are_bit_identical_for_every_thread_count()
    {
        const int rows = 1000;
        const int rank = 9;
        (float[] gram, float[] cross, float[] start) = Problem(rows, rank, 3);
        float[] Run(int threads, bool solve)
        {
            var factor = (float[])start.Clone();
            var view = new MatrixView(factor, rows, rank);
            if (solve)
            {
                NonNegativeCoordinateDescent.Solve(view, new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, rows, rank), 0.01f, 0.02f, 1e-4f, 100, threads);
            }
            else
            {
                NonNegativeCoordinateDescent.Sweep(view, new ReadOnlyMatrixView(gram, rank, rank), new ReadOnlyMatrixView(cross, rows, rank), 0.01f, 0.02f, threads);
            }

            return factor;
        }

        Assert.Equal(Run(1, false), Run(3, false));
        Assert.Equal(Run(1, true), Run(4, true));
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var factor = new MatrixView(new float[6], 2, 3);
        var gram = new ReadOnlyMatrixView(new float[9], 3, 3);
        var cross = new ReadOnlyMatrixView(new float[6], 2, 3);
        Assert.Equal("gram", Assert.Throws<ArgumentException>(() => NonNegativeCoordinateDescent.Sweep(factor, new ReadOnlyMatrixView(new float[4], 2, 2), cross)).ParamName);
        Assert.Equal("cross", Assert.Throws<ArgumentException>(() => NonNegativeCoordinateDescent.Sweep(factor, gram, new ReadOnlyMatrixView(new float[3], 1, 3))).ParamName);
        Assert.Equal("l1", Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.Sweep(factor, gram, cross, -1f)).ParamName);
        Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.Solve(factor, gram, cross, 0f, 0f, float.NaN, 5)).ParamName);
        Assert.Equal("maximumSweeps", Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.Solve(factor, gram, cross, 0f, 0f, 0f, 0)).ParamName);
        Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => NonNegativeCoordinateDescent.Sweep(factor, gram, cross, 0f, 0f, 0)).ParamName);
    }
}
