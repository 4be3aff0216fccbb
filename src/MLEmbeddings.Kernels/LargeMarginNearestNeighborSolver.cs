namespace MLEmbeddings.Kernels;

/// <summary>
/// Large Margin Nearest Neighbour: target neighbours are each row's <c>k</c> nearest same-class rows in the input space;
/// the loss of <see cref="LargeMarginObjective"/> is minimised over <c>L</c> with <see cref="LimitedMemoryBfgs"/> on an
/// active set of impostor candidates (each row's nearest rows of other classes in the current projection), which is
/// refreshed every <c>refreshInterval</c> iterations, as pylmnn and the original LMNN code do. Converged when an L-BFGS
/// run meets the tolerance and the refreshed candidate lists are unchanged.
/// </summary>
internal static class LargeMarginNearestNeighborSolver
{
    /// <summary>Learns <c>L</c> from <paramref name="initial"/>; the objective reported is the final loss <c>f(L)</c>.</summary>
    public static MetricLearningResult Fit(
        ClassSortedRows data,
        float[] initial,
        int rank,
        int targetCount,
        int candidateCount,
        double pushWeight,
        int refreshInterval,
        int maximumIterations,
        double tolerance,
        int maxDegreeOfParallelism,
        Action<int, double>? iterationCompleted)
    {
        int[] targets = NeighborSets.SameClass(data, targetCount, maxDegreeOfParallelism).Ids;
        var objective = new LargeMarginObjective(data.View, targets, targetCount, pushWeight, rank, maxDegreeOfParallelism);
        var point = new double[initial.Length];
        for (int k = 0; k < point.Length; k++)
        {
            point[k] = initial[k];
        }

        int iterations = 0;
        bool runConverged = false;
        bool converged = false;
        int[]? previous = null;
        double value;
        while (true)
        {
            objective.Project(point);
            int[] candidates = NeighborSets.OtherClasses(objective.Projected, data.ClassStarts, candidateCount, maxDegreeOfParallelism);
            if (runConverged && previous is not null && candidates.AsSpan().SequenceEqual(previous))
            {
                converged = true;
            }

            objective.SetCandidates(candidates, candidateCount);
            if (converged || iterations >= maximumIterations)
            {
                value = objective.Evaluate(point, new double[point.Length]);
                break;
            }

            var options = new LimitedMemoryBfgsOptions
            {
                MaximumIterations = Math.Min(refreshInterval, maximumIterations - iterations),
                GradientTolerance = tolerance,
                FunctionTolerance = tolerance,
            };
            int before = iterations;
            LimitedMemoryBfgsResult result = LimitedMemoryBfgs.Minimize(point, objective.Evaluate, options, (iteration, current) =>
            {
                iterations = before + iteration;
                iterationCompleted?.Invoke(iterations, current);
            });
            iterations = before + result.Iterations;
            runConverged = result.Converged || result.Stop == LimitedMemoryBfgsStop.LineSearchFailed;
            previous = candidates;
        }

        var learned = new float[point.Length];
        for (int k = 0; k < point.Length; k++)
        {
            learned[k] = (float)point[k];
        }

        return new MetricLearningResult(learned, converged, iterations, value);
    }
}
