using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Unconstrained minimisation with the limited-memory BFGS method (L-BFGS; Nocedal and Wright, Numerical Optimization,
/// algorithm 7.5): the search direction is <c>-H g</c>, where <c>H</c> is the inverse-Hessian approximation built by
/// the two-loop recursion from the last <c>m</c> steps <c>s_k</c> and gradient changes <c>y_k</c>, scaled by
/// <c>s.y / y.y</c>; each step comes from a strong Wolfe line search. The stopping rules are SciPy <c>L-BFGS-B</c>'s,
/// so an <c>L-BFGS-B</c> call without bounds and this method stop on the same tests; as there, a line search that fails
/// along the quasi-Newton direction discards the stored pairs and is retried along the steepest descent direction, and
/// only a failure from there stops the run.
/// </summary>
/// <remarks>
/// All arithmetic is in double precision. Memory: <c>(2m + 6) p</c> doubles for <c>p</c> unknowns, allocated once per
/// call. The function is evaluated on the calling thread (it may use threads itself).
/// </remarks>
public static class LimitedMemoryBfgs
{
    /// <summary>
    /// Minimises <paramref name="function"/> starting from <paramref name="point"/>, which receives the final point.
    /// </summary>
    /// <param name="point">Start on entry, final point on return; at least one value.</param>
    /// <param name="function">The function and its gradient.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="iterationCompleted">Called after each iteration with its 1-based number and the new function value (for progress reports); it may throw, e.g. <see cref="OperationCanceledException"/>, to stop.</param>
    /// <returns>The final value, iterations and evaluations used, and why it stopped.</returns>
    /// <exception cref="ArgumentException"><paramref name="point"/> is empty, or the function value or gradient at the start is not finite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static LimitedMemoryBfgsResult Minimize(Span<double> point, DifferentiableFunction function, LimitedMemoryBfgsOptions? options = null, Action<int, double>? iterationCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        options ??= new LimitedMemoryBfgsOptions();
        options.Validate();
        if (point.IsEmpty)
        {
            throw new ArgumentException("'point' must have at least one value.", nameof(point));
        }

        int length = point.Length;
        int history = options.HistorySize;
        var gradient = new double[length];
        var direction = new double[length];
        var previousGradient = new double[length];
        var steps = new double[history * length];
        var changes = new double[history * length];
        var products = new double[history];
        var coefficients = new double[history];
        var search = new StrongWolfeLineSearch(function, length);

        double value = function(point, gradient);
        search.Evaluations = 1;
        if (!double.IsFinite(value) || !AllFinite(gradient))
        {
            throw new ArgumentException($"The function value ({value}) or its gradient at the starting point is not finite.", nameof(point));
        }

        if (TensorPrimitives.MaxMagnitude<double>(gradient) is var largest && Math.Abs(largest) <= options.GradientTolerance)
        {
            return new LimitedMemoryBfgsResult(value, 0, 1, LimitedMemoryBfgsStop.GradientTolerance);
        }

        int stored = 0;
        int newest = -1;
        for (int iteration = 1; iteration <= options.MaximumIterations; iteration++)
        {
            TwoLoopDirection(gradient, direction, steps, changes, products, coefficients, stored, newest, history, length);
            double slope = TensorPrimitives.Dot<double>(gradient, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (rounding in a nearly flat region): restart from steepest descent.
                stored = 0;
                TensorPrimitives.Negate<double>(gradient, direction);
            }

            // First step (or after a restart): length 1 / ||d||, as L-BFGS-B does; afterwards the quasi-Newton step 1.
            double initialStep = stored == 0 ? 1 / TensorPrimitives.Norm<double>(direction) : 1;
            int evaluationsLeft = Math.Min(options.MaximumLineSearchEvaluations, options.MaximumEvaluations - search.Evaluations);
            if (evaluationsLeft <= 0)
            {
                return new LimitedMemoryBfgsResult(value, iteration - 1, search.Evaluations, LimitedMemoryBfgsStop.MaximumEvaluations);
            }

            gradient.AsSpan().CopyTo(previousGradient);
            double previousValue = value;
            double step = search.Search(point, ref value, gradient, direction, initialStep, evaluationsLeft);
            if (step == 0 && stored > 0)
            {
                // As L-BFGS-B: a failed search along the quasi-Newton direction (stale pairs can make it far too long)
                // discards the pairs and retries from steepest descent; only a failure from there ends the run.
                stored = 0;
                TensorPrimitives.Negate<double>(gradient, direction);
                evaluationsLeft = Math.Min(options.MaximumLineSearchEvaluations, options.MaximumEvaluations - search.Evaluations);
                step = evaluationsLeft > 0 ? search.Search(point, ref value, gradient, direction, 1 / TensorPrimitives.Norm<double>(direction), evaluationsLeft) : 0;
            }

            if (step == 0)
            {
                LimitedMemoryBfgsStop stop = search.Evaluations >= options.MaximumEvaluations ? LimitedMemoryBfgsStop.MaximumEvaluations : LimitedMemoryBfgsStop.LineSearchFailed;
                return new LimitedMemoryBfgsResult(value, iteration - 1, search.Evaluations, stop);
            }

            iterationCompleted?.Invoke(iteration, value);

            int slot = (newest + 1) % history;
            Span<double> s = steps.AsSpan(slot * length, length);
            Span<double> y = changes.AsSpan(slot * length, length);
            TensorPrimitives.Multiply<double>(direction, step, s);
            TensorPrimitives.Subtract<double>(gradient, previousGradient, y);
            double curvature = TensorPrimitives.Dot<double>(s, y);
            if (curvature > 1e-10 * TensorPrimitives.Dot<double>(y, y))
            {
                products[slot] = 1 / curvature;
                newest = slot;
                stored = Math.Min(stored + 1, history);
            }
            else if (stored == history)
            {
                // The skipped pair overwrote the oldest one.
                stored--;
            }

            if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(gradient)) <= options.GradientTolerance)
            {
                return new LimitedMemoryBfgsResult(value, iteration, search.Evaluations, LimitedMemoryBfgsStop.GradientTolerance);
            }

            double scale = Math.Max(Math.Max(Math.Abs(previousValue), Math.Abs(value)), 1);
            if (previousValue - value <= options.FunctionTolerance * scale)
            {
                return new LimitedMemoryBfgsResult(value, iteration, search.Evaluations, LimitedMemoryBfgsStop.FunctionTolerance);
            }

            if (search.Evaluations >= options.MaximumEvaluations)
            {
                return new LimitedMemoryBfgsResult(value, iteration, search.Evaluations, LimitedMemoryBfgsStop.MaximumEvaluations);
            }
        }

        return new LimitedMemoryBfgsResult(value, options.MaximumIterations, search.Evaluations, LimitedMemoryBfgsStop.MaximumIterations);
    }

    /// <summary>Writes <c>-H g</c> into <paramref name="direction"/> (the steepest descent <c>-g</c> when no pair is stored).</summary>
    private static void TwoLoopDirection(double[] gradient, double[] direction, double[] steps, double[] changes, double[] products, double[] coefficients, int stored, int newest, int history, int length)
    {
        gradient.AsSpan().CopyTo(direction);
        for (int k = 0; k < stored; k++)
        {
            int slot = ((newest - k) % history + history) % history;
            double coefficient = products[slot] * TensorPrimitives.Dot<double>(steps.AsSpan(slot * length, length), direction);
            coefficients[slot] = coefficient;
            TensorPrimitives.MultiplyAdd(changes.AsSpan(slot * length, length), -coefficient, direction, direction);
        }

        if (stored > 0)
        {
            ReadOnlySpan<double> y = changes.AsSpan(newest * length, length);
            TensorPrimitives.Multiply<double>(direction, 1 / (products[newest] * TensorPrimitives.Dot(y, y)), direction);
        }

        for (int k = stored - 1; k >= 0; k--)
        {
            int slot = ((newest - k) % history + history) % history;
            double beta = products[slot] * TensorPrimitives.Dot<double>(changes.AsSpan(slot * length, length), direction);
            TensorPrimitives.MultiplyAdd(steps.AsSpan(slot * length, length), coefficients[slot] - beta, direction, direction);
        }

        TensorPrimitives.Negate<double>(direction, direction);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
