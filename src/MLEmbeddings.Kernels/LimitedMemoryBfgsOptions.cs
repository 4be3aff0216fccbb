namespace MLEmbeddings.Kernels;

/// <summary>Settings of <see cref="LimitedMemoryBfgs.Minimize"/>; the defaults are SciPy's <c>L-BFGS-B</c> defaults.</summary>
public sealed class LimitedMemoryBfgsOptions
{
    /// <summary>Number of correction pairs kept, <c>m</c>, at least 1. Default 10 (SciPy <c>maxcor</c>).</summary>
    public int HistorySize { get; init; } = 10;

    /// <summary>Most iterations, 0 or more (0 evaluates the starting point only). Default 100 (SciPy <c>maxiter</c> is 15,000; callers set their own budget).</summary>
    public int MaximumIterations { get; init; } = 100;

    /// <summary>Most function evaluations, at least 1. Default 15,000 (SciPy <c>maxfun</c>).</summary>
    public int MaximumEvaluations { get; init; } = 15_000;

    /// <summary>Converged when <c>max_i |g_i| &lt;= GradientTolerance</c>; 0 or more. Default 1e-5 (SciPy <c>gtol</c>).</summary>
    public double GradientTolerance { get; init; } = 1e-5;

    /// <summary>
    /// Converged when an iteration decreases the function by at most <c>FunctionTolerance * max(|f_k|, |f_(k+1)|, 1)</c>;
    /// 0 or more. Default 2.2e-9 (SciPy <c>ftol</c>).
    /// </summary>
    public double FunctionTolerance { get; init; } = 2.2e-9;

    /// <summary>Most function evaluations in one line search, at least 1. Default 20 (SciPy <c>maxls</c>).</summary>
    public int MaximumLineSearchEvaluations { get; init; } = 20;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    internal void Validate()
    {
        RequireAtLeast(HistorySize, 1, nameof(HistorySize));
        RequireAtLeast(MaximumIterations, 0, nameof(MaximumIterations));
        RequireAtLeast(MaximumEvaluations, 1, nameof(MaximumEvaluations));
        RequireAtLeast(MaximumLineSearchEvaluations, 1, nameof(MaximumLineSearchEvaluations));
        RequireTolerance(GradientTolerance, nameof(GradientTolerance));
        RequireTolerance(FunctionTolerance, nameof(FunctionTolerance));
    }

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}; got {value}.");
        }
    }

    private static void RequireTolerance(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of 0 or more; got {value}.");
        }
    }
}
