using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class MultiplicativeUpdateTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    public static TheoryData<float, float, bool, float> Settings => new()
    {
        { 0f, 0f, false, 0f },
        { 0.25f, 0f, false, 0f },
        { 0f, 0.5f, true, 0f },
        { 0.1f, 0.2f, true, 0.05f },
    };

    /// <summary>scikit-learn's update of one element in double: f * (n / d')^gamma, d' = d + l1 + l2 f (0 -> eps), then the zero threshold.</summary>
    private static double Expected(double factor, double numerator, double denominator, float l1, float l2, bool squareRoot, float zeroBelow)
    {
        double adjusted = denominator;
        if (l1 > 0)
        {
            adjusted += l1;
        }

        if (l2 > 0)
        {
            adjusted += l2 * factor;
        }

        adjusted = adjusted == 0 ? FactorizationOracle.Epsilon : adjusted;
        double ratio = numerator / adjusted;
        double updated = factor * (squareRoot ? Math.Sqrt(ratio) : ratio);
        return updated < zeroBelow ? 0 : updated;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Apply_matches_scikit_learns_element_wise_update(float l1, float l2, bool squareRoot, float zeroBelow)
    {
        const int rows = 41;
        const int rank = 5;
        float[] factor = FactorizationOracle.NonNegative(1, rows * rank, zeroShare: 0.2);
        float[] numerator = FactorizationOracle.NonNegative(2, rows * rank, 2f, zeroShare: 0.1);
        float[] denominator = FactorizationOracle.NonNegative(3, rows * rank, 3f, zeroShare: 0.3);
        var settings = new MultiplicativeUpdateSettings(l1, l2, squareRoot, zeroBelow);
        var updated = (float[])factor.Clone();
        MultiplicativeUpdate.Apply(new MatrixView(updated, rows, rank), new ReadOnlyMatrixView(numerator, rows, rank), new ReadOnlyMatrixView(denominator, rows, rank), settings, maxDegreeOfParallelism: 2);
        float[] denominatorRow = denominator.AsSpan(0, rank).ToArray();
        var broadcast = (float[])factor.Clone();
        MultiplicativeUpdate.Apply(new MatrixView(broadcast, rows, rank), new ReadOnlyMatrixView(numerator, rows, rank), denominatorRow, settings);
        for (int i = 0; i < factor.Length; i++)
        {
            double expected = Expected(factor[i], numerator[i], denominator[i], l1, l2, squareRoot, zeroBelow);
            Assert.Equal(expected, updated[i], 2e-6 * Math.Max(1, Math.Abs(expected)));
            double expectedBroadcast = Expected(factor[i], numerator[i], denominatorRow[i % rank], l1, l2, squareRoot, zeroBelow);
            Assert.Equal(expectedBroadcast, broadcast[i], 2e-6 * Math.Max(1, Math.Abs(expectedBroadcast)));
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_online_update_follows_scikit_learns_running_sums(float l1, float l2, bool squareRoot, float zeroBelow)
    {
        const int rows = 23;
        const int rank = 6;
        const float forget = 0.8f;
        float[] factor = FactorizationOracle.NonNegative(31, rows * rank, zeroShare: 0.1);
        float[] numerator = FactorizationOracle.NonNegative(32, rows * rank, 2f);
        float[] denominator = FactorizationOracle.NonNegative(33, rows * rank, 3f, zeroShare: 0.2);
        float[] numeratorSum = FactorizationOracle.NonNegative(34, rows * rank, 1f);
        float[] denominatorSum = FactorizationOracle.NonNegative(35, rows * rank, 1f).Select(v => v + 0.5f).ToArray();
        var settings = new MultiplicativeUpdateSettings(l1, l2, squareRoot, zeroBelow);
        float[] updated = (float[])factor.Clone();
        float[] a = (float[])numeratorSum.Clone();
        float[] b = (float[])denominatorSum.Clone();
        MultiplicativeUpdate.ApplyOnline(new MatrixView(updated, rows, rank), new ReadOnlyMatrixView(numerator, rows, rank), new ReadOnlyMatrixView(denominator, rows, rank), new MatrixView(a, rows, rank), new MatrixView(b, rows, rank), forget, settings);
        for (int i = 0; i < factor.Length; i++)
        {
            // scikit-learn's _multiplicative_update_h with A, B and rho.
            double adjusted = denominator[i] + (l1 > 0 ? l1 : 0) + (l2 > 0 ? l2 * factor[i] : 0);
            adjusted = adjusted == 0 ? FactorizationOracle.Epsilon : adjusted;
            double h = squareRoot ? (double)factor[i] * factor[i] : factor[i];
            double expectedA = (forget * (double)numeratorSum[i]) + (numerator[i] * h);
            double expectedB = (forget * (double)denominatorSum[i]) + adjusted;
            double expected = expectedA / expectedB;
            expected = squareRoot ? Math.Sqrt(expected) : expected;
            expected = expected < zeroBelow ? 0 : expected;
            Assert.Equal(expectedA, a[i], 2e-6 * Math.Max(1, expectedA));
            Assert.Equal(expectedB, b[i], 2e-6 * Math.Max(1, expectedB));
            Assert.Equal(expected, updated[i], 2e-6 * Math.Max(1, expected));
        }

        Assert.Equal("forget", Assert.Throws<ArgumentOutOfRangeException>(() => MultiplicativeUpdate.ApplyOnline(new MatrixView(updated, rows, rank), new ReadOnlyMatrixView(numerator, rows, rank), new float[rank], new MatrixView(a, rows, rank), new MatrixView(b, rows, rank), 0f, settings)).ParamName);
    }

    [Fact]
    public void Ratios_replace_a_zero_reconstruction_with_epsilon()
    {
        const int rows = 3;
        const int columns = 700;
        float[] data = FactorizationOracle.NonNegative(4, rows * columns, zeroShare: 0.2);
        float[] product = FactorizationOracle.NonNegative(5, rows * columns, 2f, zeroShare: 0.2);
        var kullbackLeibler = (float[])product.Clone();
        MultiplicativeUpdate.KullbackLeiblerRatios(new ReadOnlyMatrixView(data, rows, columns), new MatrixView(kullbackLeibler, rows, columns));
        var itakuraSaito = (float[])product.Clone();
        var reciprocal = new float[rows * columns];
        MultiplicativeUpdate.ItakuraSaitoRatios(new ReadOnlyMatrixView(data, rows, columns), new MatrixView(itakuraSaito, rows, columns), new MatrixView(reciprocal, rows, columns));
        for (int i = 0; i < data.Length; i++)
        {
            double safe = product[i] == 0 ? FactorizationOracle.Epsilon : product[i];
            Assert.Equal(data[i] / safe, kullbackLeibler[i], 1e-6 * Math.Max(1, data[i] / safe));
            Assert.Equal(1 / safe, reciprocal[i], 1e-6 * Math.Max(1, 1 / safe));
            double expected = data[i] / (safe * safe);
            Assert.Equal(expected, itakuraSaito[i], 2e-6 * Math.Max(1, expected));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Solving_rows_follows_the_double_reference_and_never_increases_the_divergence(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 6;
        const int rank = 4;
        const int columns = 50;
        float[] components = FactorizationOracle.NonNegative(11, rank * columns, 1f);
        float[] coefficients = FactorizationOracle.NonNegative(12, rows * rank, 2f);
        float[] data = FactorizationOracle.Multiply(coefficients, components, rows, rank, columns).Select(v => (float)(v + 0.05)).ToArray();
        foreach (BetaLoss loss in new[] { BetaLoss.KullbackLeibler, BetaLoss.ItakuraSaito })
        {
            double previous = double.MaxValue;
            for (int iterations = 1; iterations <= 12; iterations++)
            {
                var factor = new float[rows * rank];
                MultiplicativeUpdate.SolveRows(new ReadOnlyMatrixView(data, rows, columns), new ReadOnlyMatrixView(components, rank, columns), loss, 0f, 0f, 0f, iterations, new MatrixView(factor, rows, rank));
                double[] expected = ReferenceSolve(data, components, rows, rank, columns, loss, iterations);
                Assert.True(FactorizationOracle.RelativeDifference(expected, factor) < 1e-4, $"{loss} after {iterations} updates");
                double[] product = FactorizationOracle.Multiply(factor, components, rows, rank, columns);
                double divergence = loss == BetaLoss.KullbackLeibler ? FactorizationOracle.KullbackLeibler(data, product) : FactorizationOracle.ItakuraSaito(data, product);
                Assert.True(divergence <= previous * (1 + 1e-6), $"{loss}: divergence rose from {previous} to {divergence} at update {iterations}");
                previous = divergence;
            }
        }
    }

    [Fact]
    public void A_zero_row_is_solved_as_zero_and_results_do_not_depend_on_the_thread_count()
    {
        const int rows = 1100;
        const int rank = 3;
        const int columns = 20;
        float[] components = FactorizationOracle.NonNegative(21, rank * columns, 1f);
        float[] data = FactorizationOracle.NonNegative(22, rows * columns, 1f, zeroShare: 0.3);
        data.AsSpan(7 * columns, columns).Clear();
        float[] Run(int threads)
        {
            var factor = new float[rows * rank];
            MultiplicativeUpdate.SolveRows(new ReadOnlyMatrixView(data, rows, columns), new ReadOnlyMatrixView(components, rank, columns), BetaLoss.KullbackLeibler, 0.01f, 0f, 1e-4f, 200, new MatrixView(factor, rows, rank), threads);
            return factor;
        }

        float[] single = Run(1);
        Assert.Equal(single, Run(3));
        Assert.Equal(new float[rank], single.AsSpan(7 * rank, rank).ToArray());
        Assert.All(single, value => Assert.True(float.IsFinite(value) && value >= 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiplicativeUpdate.SolveRows(new ReadOnlyMatrixView(data, rows, columns), new ReadOnlyMatrixView(components, rank, columns), BetaLoss.Frobenius, 0f, 0f, 0f, 1, new MatrixView(new float[rows * rank], rows, rank)));
    }

    /// <summary>The per-row multiplicative updates in double, written from scikit-learn's _multiplicative_update_w.</summary>
    private static double[] ReferenceSolve(float[] data, float[] components, int rows, int rank, int columns, BetaLoss loss, int iterations)
    {
        var result = new double[rows * rank];
        for (int i = 0; i < rows; i++)
        {
            double mean = data.AsSpan(i * columns, columns).ToArray().Average(v => (double)v);
            var w = Enumerable.Repeat(Math.Sqrt(mean / rank), rank).ToArray();
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                var product = new double[columns];
                for (int j = 0; j < columns; j++)
                {
                    for (int t = 0; t < rank; t++)
                    {
                        product[j] += w[t] * components[(t * columns) + j];
                    }

                    product[j] = product[j] == 0 ? FactorizationOracle.Epsilon : product[j];
                }

                var updated = new double[rank];
                for (int t = 0; t < rank; t++)
                {
                    double numerator = 0;
                    double denominator = 0;
                    for (int j = 0; j < columns; j++)
                    {
                        double h = components[(t * columns) + j];
                        double x = data[(i * columns) + j];
                        numerator += h * (loss == BetaLoss.KullbackLeibler ? x / product[j] : x / (product[j] * product[j]));
                        denominator += loss == BetaLoss.KullbackLeibler ? h : h / product[j];
                    }

                    double ratio = numerator / (denominator == 0 ? FactorizationOracle.Epsilon : denominator);
                    updated[t] = w[t] * (loss == BetaLoss.ItakuraSaito ? Math.Sqrt(ratio) : ratio);
                    updated[t] = loss == BetaLoss.ItakuraSaito && updated[t] < 2.220446049250313e-16 ? 0 : updated[t];
                }

                w = updated;
            }

            w.CopyTo(result, i * rank);
        }

        return result;
    }
}
