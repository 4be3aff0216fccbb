using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests.MetricLearning;

public class LimitedMemoryBfgsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public void Rosenbrock_minimum_is_found(int size)
    {
        // Extended Rosenbrock: sum over pairs of 100 (x_2k+1 - x_2k^2)^2 + (1 - x_2k)^2; minimum 0 at all ones.
        var point = new double[size];
        for (int k = 0; k < size; k += 2)
        {
            point[k] = -1.2;
            point[k + 1] = 1;
        }

        var values = new List<double>();
        LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, Rosenbrock, new LimitedMemoryBfgsOptions { MaximumIterations = 500, GradientTolerance = 1e-8, FunctionTolerance = 0 }, (_, value) => values.Add(value));

        Assert.True(result.Converged, $"stopped by {result.Stop} after {result.Iterations} iterations at value {result.Value}");
        Assert.Equal(LimitedMemoryBfgsStop.GradientTolerance, result.Stop);
        Assert.All(point, x => Assert.Equal(1.0, x, 1e-6));
        Assert.Equal(result.Iterations, values.Count);
        Assert.True(values.Zip(values.Skip(1)).All(p => p.Second <= p.First), "every accepted step decreases the function");
    }

    [Fact]
    public void Ill_conditioned_quadratic_converges_to_its_minimiser()
    {
        // f(x) = 1/2 sum_i c_i (x_i - i)^2 with c_i from 1 to 1000: minimiser x_i = i.
        const int size = 50;
        double Quadratic(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double value = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double curvature = Math.Pow(1000, i / (double)(x.Length - 1));
                gradient[i] = curvature * (x[i] - i);
                value += 0.5 * curvature * (x[i] - i) * (x[i] - i);
            }

            return value;
        }

        var point = new double[size];
        LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, Quadratic, new LimitedMemoryBfgsOptions { MaximumIterations = 1000, GradientTolerance = 1e-9, FunctionTolerance = 0 });

        Assert.True(result.Converged);
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(i, point[i], 1e-6);
        }
    }

    [Fact]
    public void Budgets_and_tolerances_stop_the_optimiser()
    {
        var point = new[] { -1.2, 1.0 };
        LimitedMemoryBfgsResult capped = LimitedMemoryBfgs.Minimize(point, Rosenbrock, new LimitedMemoryBfgsOptions { MaximumIterations = 3 });
        Assert.Equal(LimitedMemoryBfgsStop.MaximumIterations, capped.Stop);
        Assert.Equal(3, capped.Iterations);
        Assert.False(capped.Converged);

        var untouched = new[] { -1.2, 1.0 };
        LimitedMemoryBfgsResult none = LimitedMemoryBfgs.Minimize(untouched, Rosenbrock, new LimitedMemoryBfgsOptions { MaximumIterations = 0 });
        Assert.Equal((0, 1), (none.Iterations, none.Evaluations));
        Assert.Equal(new[] { -1.2, 1.0 }, untouched);
        Assert.Equal(24.2, none.Value, 1e-12);

        var atMinimum = new[] { 1.0, 1.0 };
        LimitedMemoryBfgsResult done = LimitedMemoryBfgs.Minimize(atMinimum, Rosenbrock);
        Assert.Equal(LimitedMemoryBfgsStop.GradientTolerance, done.Stop);
        Assert.Equal(0, done.Iterations);

        LimitedMemoryBfgsResult evaluations = LimitedMemoryBfgs.Minimize(new[] { -1.2, 1.0 }, Rosenbrock, new LimitedMemoryBfgsOptions { MaximumEvaluations = 5, MaximumIterations = 100 });
        Assert.Equal(LimitedMemoryBfgsStop.MaximumEvaluations, evaluations.Stop);
        Assert.True(evaluations.Evaluations <= 5);

        LimitedMemoryBfgsResult flat = LimitedMemoryBfgs.Minimize(new[] { 3.0, -2.0 }, (x, g) => { g[0] = 1e-3; g[1] = 0; return 7.0; });
        Assert.Equal(LimitedMemoryBfgsStop.LineSearchFailed, flat.Stop);
    }

    [Fact]
    public void A_first_step_far_too_long_shrinks_by_interpolation_to_the_minimiser()
    {
        // f(x) = (x - 1e-7)^2 from 0: the first trial moves a unit length, 10^7 times too far; halving the step in each
        // trial would need 23 trials to reach sufficient decrease (more than the 20 allowed), the clamped interpolation
        // shrinks it 10 x per trial and then lands on the minimiser x = 1e-7 (closed form).
        const double minimiser = 1e-7;
        var point = new[] { 0.0 };
        LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, (x, g) =>
        {
            g[0] = 2 * (x[0] - minimiser);
            return (x[0] - minimiser) * (x[0] - minimiser);
        }, new LimitedMemoryBfgsOptions { GradientTolerance = 1e-12, FunctionTolerance = 0 });

        Assert.True(result.Converged, $"stopped by {result.Stop} after {result.Iterations} iterations");
        Assert.Equal(minimiser, point[0], 1e-12);
    }

    [Fact]
    public void A_failed_search_along_the_quasi_newton_direction_restarts_from_steepest_descent()
    {
        // f(x) = -x + 1e-12 x^2 / 2 + (x - 10)_+^2: almost linear up to a wall at 10, minimiser (1 + 20) / (2 + 1e-12)
        // (closed form). With two evaluations per line search the first iteration stops at x = 4 on the flat part, so the
        // stored pair (s = 4, y = 4e-12) scales the next quasi-Newton step to about 10^12: no step along it can be found
        // in two trials. As in L-BFGS-B, the pair is dropped and the iteration retried along -g, which succeeds.
        const double curvature = 1e-12;
        var point = new[] { 0.0 };
        LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, (x, g) =>
        {
            double wall = Math.Max(x[0] - 10, 0);
            g[0] = -1 + (curvature * x[0]) + (2 * wall);
            return -x[0] + (curvature * x[0] * x[0] / 2) + (wall * wall);
        }, new LimitedMemoryBfgsOptions { MaximumLineSearchEvaluations = 2, MaximumIterations = 200, GradientTolerance = 1e-9, FunctionTolerance = 0 });

        Assert.True(result.Converged, $"stopped by {result.Stop} after {result.Iterations} iterations at x = {point[0]}");
        Assert.Equal(21 / (2 + curvature), point[0], 1e-8);
    }

    [Fact]
    public void Bad_settings_and_inputs_are_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LimitedMemoryBfgs.Minimize(new double[2], Rosenbrock, new LimitedMemoryBfgsOptions { HistorySize = 0 }));
        Assert.Contains("HistorySize must be at least 1; got 0", error.Message, StringComparison.Ordinal);
        var tolerance = Assert.Throws<ArgumentOutOfRangeException>(() => LimitedMemoryBfgs.Minimize(new double[2], Rosenbrock, new LimitedMemoryBfgsOptions { GradientTolerance = double.NaN }));
        Assert.Contains("GradientTolerance", tolerance.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LimitedMemoryBfgs.Minimize(Span<double>.Empty, Rosenbrock));
        var start = Assert.Throws<ArgumentException>(() => LimitedMemoryBfgs.Minimize(new double[2], (x, g) => double.NaN));
        Assert.Contains("not finite", start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Callback_exceptions_stop_the_run()
    {
        Assert.Throws<OperationCanceledException>(() => LimitedMemoryBfgs.Minimize(new[] { -1.2, 1.0 }, Rosenbrock, null, (iteration, _) =>
        {
            if (iteration == 2)
            {
                throw new OperationCanceledException();
            }
        }));
    }

    private static double Rosenbrock(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double value = 0;
        gradient.Clear();
        for (int k = 0; k < x.Length; k += 2)
        {
            double a = x[k + 1] - (x[k] * x[k]);
            double b = 1 - x[k];
            value += (100 * a * a) + (b * b);
            gradient[k] += (-400 * x[k] * a) - (2 * b);
            gradient[k + 1] += 200 * a;
        }

        return value;
    }
}
