namespace MLEmbeddings.Kernels;

/// <summary>Why <see cref="LimitedMemoryBfgs.Minimize"/> stopped.</summary>
public enum LimitedMemoryBfgsStop
{
    /// <summary>The largest gradient component fell to <see cref="LimitedMemoryBfgsOptions.GradientTolerance"/> or below (converged).</summary>
    GradientTolerance = 0,

    /// <summary>The relative decrease of the function in one iteration fell to <see cref="LimitedMemoryBfgsOptions.FunctionTolerance"/> or below (converged).</summary>
    FunctionTolerance = 1,

    /// <summary><see cref="LimitedMemoryBfgsOptions.MaximumIterations"/> iterations ran (not converged).</summary>
    MaximumIterations = 2,

    /// <summary><see cref="LimitedMemoryBfgsOptions.MaximumEvaluations"/> function evaluations ran (not converged).</summary>
    MaximumEvaluations = 3,

    /// <summary>No step along the search direction decreased the function enough (not converged; often the function is flat to rounding).</summary>
    LineSearchFailed = 4,
}
