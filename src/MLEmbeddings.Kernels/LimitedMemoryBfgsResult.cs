namespace MLEmbeddings.Kernels;

/// <summary>The outcome of <see cref="LimitedMemoryBfgs.Minimize"/>; the final point is left in the caller's span.</summary>
/// <param name="Value">The function value at the final point.</param>
/// <param name="Iterations">Iterations completed (each one a line search and an update of the point).</param>
/// <param name="Evaluations">Function-and-gradient evaluations made, including the one at the starting point.</param>
/// <param name="Stop">Why the optimiser stopped.</param>
public sealed record LimitedMemoryBfgsResult(double Value, int Iterations, int Evaluations, LimitedMemoryBfgsStop Stop)
{
    /// <summary>True when a tolerance was met (<see cref="LimitedMemoryBfgsStop.GradientTolerance"/> or <see cref="LimitedMemoryBfgsStop.FunctionTolerance"/>).</summary>
    public bool Converged => Stop is LimitedMemoryBfgsStop.GradientTolerance or LimitedMemoryBfgsStop.FunctionTolerance;
}
