namespace MLEmbeddings.Decomposition;

/// <summary>A full-batch NMF algorithm: improves the factors of a <see cref="FactorizationState"/> in place until convergence or the iteration limit.</summary>
internal interface IFactorizationSolver
{
    /// <summary>Runs the solver on <paramref name="input"/> from the factors in <paramref name="state"/>.</summary>
    /// <exception cref="OperationCanceledException">The monitor reports cancellation.</exception>
    FactorizationOutcome Run(FactorizationInput input, FactorizationState state, FactorizationSettings settings, IterationMonitor monitor);
}
