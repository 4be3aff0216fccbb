namespace MLEmbeddings.Decomposition;

/// <summary>How a solver run ended.</summary>
/// <param name="Iterations">Iterations (passes over the data) made.</param>
/// <param name="Converged">Whether the tolerance was met before the iteration limit.</param>
internal sealed record FactorizationOutcome(int Iterations, bool Converged);
