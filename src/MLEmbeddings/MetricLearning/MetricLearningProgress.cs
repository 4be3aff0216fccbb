namespace MLEmbeddings.MetricLearning;

/// <summary>Progress of a metric learner, reported once per iteration (L-BFGS iteration, epoch or sweep).</summary>
/// <param name="Algorithm">The learner.</param>
/// <param name="Iteration">Iterations done, 1-based.</param>
/// <param name="MaximumIterations">The iteration budget (<c>MaximumNumberOfIterations</c>).</param>
/// <param name="Objective">The learner's current objective value (see each learner's documentation).</param>
public readonly record struct MetricLearningProgress(MetricLearningAlgorithm Algorithm, int Iteration, int MaximumIterations, double Objective);
