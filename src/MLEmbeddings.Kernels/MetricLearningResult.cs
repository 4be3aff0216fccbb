namespace MLEmbeddings.Kernels;

/// <summary>What a metric learner returns: the learned <c>L</c> and how the optimisation ended.</summary>
/// <param name="Transformation">The learned <c>L</c>, <c>Rank x Dimension</c> row-major.</param>
/// <param name="Converged">Whether the learner's convergence test passed (closed-form learners: always true).</param>
/// <param name="Iterations">Iterations (L-BFGS iterations, epochs or sweeps) run.</param>
/// <param name="Objective">The learner's final objective value (each learner documents its own).</param>
internal sealed record MetricLearningResult(float[] Transformation, bool Converged, int Iterations, double Objective);
