namespace MLEmbeddings.Kernels;

/// <summary>
/// Full-batch Neighbourhood Components Analysis: maximises <see cref="NeighborhoodComponentsObjective"/> over <c>L</c>
/// with <see cref="LimitedMemoryBfgs"/> (minimising <c>-f</c>), as scikit-learn does with SciPy's <c>L-BFGS-B</c>:
/// the same <c>maxiter</c>, and <c>tol</c> used as both the gradient and the relative function tolerance.
/// </summary>
internal static class NeighborhoodComponentsSolver
{
    /// <summary>Learns <c>L</c> from <paramref name="initial"/> (<c>rank x d</c>); the objective reported is <c>sum_i p_i</c>.</summary>
    public static MetricLearningResult Fit(ClassSortedRows data, float[] initial, int rank, int maximumIterations, double tolerance, int maxDegreeOfParallelism, Action<int, double>? iterationCompleted)
    {
        var objective = new NeighborhoodComponentsObjective(data.Count, data.Dimension, rank, maxDegreeOfParallelism);
        var transformation = new float[initial.Length];
        var gradient = new float[initial.Length];
        var point = new double[initial.Length];
        for (int k = 0; k < point.Length; k++)
        {
            point[k] = initial[k];
        }

        double Negated(ReadOnlySpan<double> at, Span<double> gradientOut)
        {
            for (int k = 0; k < at.Length; k++)
            {
                transformation[k] = (float)at[k];
            }

            double value = objective.Evaluate(data.View, data.ClassStarts, data.ClassOfRow, transformation, gradient);
            for (int k = 0; k < gradientOut.Length; k++)
            {
                gradientOut[k] = -gradient[k];
            }

            return -value;
        }

        var options = new LimitedMemoryBfgsOptions
        {
            MaximumIterations = maximumIterations,
            GradientTolerance = tolerance,
            FunctionTolerance = tolerance,
        };
        LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, Negated, options, iterationCompleted is null ? null : (iteration, value) => iterationCompleted(iteration, -value));
        var learned = new float[point.Length];
        for (int k = 0; k < point.Length; k++)
        {
            learned[k] = (float)point[k];
        }

        return new MetricLearningResult(learned, result.Converged, result.Iterations, -result.Value);
    }
}
