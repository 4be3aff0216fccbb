namespace MLEmbeddings.Kernels;

/// <summary>
/// Mini-batch (stochastic) Neighbourhood Components Analysis for large <c>n</c>: each epoch shuffles the rows and splits
/// them into batches of <c>b</c>; on each batch the NCA objective restricted to the batch (each row's soft neighbours
/// are the other rows of its batch) and its gradient are computed with <see cref="NeighborhoodComponentsObjective"/>,
/// and <c>L</c> takes an Adam ascent step. Time per epoch is <c>O(n b r)</c> and memory <c>O(b (r + d) + n)</c>,
/// so neither grows as <c>n^2</c>.
/// </summary>
/// <remarks>
/// Adam (Kingma and Ba 2015) with <c>beta1 = 0.9</c>, <c>beta2 = 0.999</c>, <c>epsilon = 1e-8</c>; the step size is
/// <c>learningRate * RMS(L_0)</c>, relative to the scale of the starting transformation, so one setting works for
/// data of any scale. Converged when the mean in-batch objective of an epoch changes by at most
/// <c>tolerance</c> relative to the previous epoch.
/// </remarks>
internal static class MiniBatchNeighborhoodComponents
{
    private const double FirstMomentDecay = 0.9;
    private const double SecondMomentDecay = 0.999;
    private const double Epsilon = 1e-8;

    /// <summary>
    /// Learns <c>L</c> from <paramref name="initial"/>; the objective reported is the sum, over the last epoch's batches,
    /// of each row's in-batch probability of being classified correctly.
    /// </summary>
    public static MetricLearningResult Fit(
        ClassSortedRows data,
        float[] initial,
        int rank,
        int epochs,
        int batchSize,
        double learningRate,
        double tolerance,
        int seed,
        int maxDegreeOfParallelism,
        Action<int, double>? epochCompleted)
    {
        int count = data.Count;
        int dimension = data.Dimension;
        int batch = Math.Min(batchSize, count);
        var objective = new NeighborhoodComponentsObjective(batch, dimension, rank, maxDegreeOfParallelism);
        var transformation = (float[])initial.Clone();
        var gradient = new float[transformation.Length];
        var firstMoment = new double[transformation.Length];
        var secondMoment = new double[transformation.Length];
        var permutation = new int[count];
        var batchRows = new float[checked(batch * dimension)];
        var batchClassStarts = new int[data.ClassCount + 1];
        var batchClassOfRow = new int[batch];
        var cursor = new int[data.ClassCount];
        for (int i = 0; i < count; i++)
        {
            permutation[i] = i;
        }

        double scale = 0;
        foreach (float value in initial)
        {
            scale += (double)value * value;
        }

        double stepSize = learningRate * Math.Max(Math.Sqrt(scale / initial.Length), 1e-12);
        var random = new Random(seed);
        double previousMean = double.NaN;
        double epochObjective = 0;
        int step = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(permutation);
            epochObjective = 0;
            for (int start = 0; start + 1 < count; start += batch)
            {
                int rows = Math.Min(batch, count - start);
                if (rows < 2)
                {
                    break;
                }

                Gather(data, permutation.AsSpan(start, rows), batchRows, batchClassStarts, batchClassOfRow, cursor);
                epochObjective += objective.Evaluate(new ReadOnlyMatrixView(batchRows, rows, dimension), batchClassStarts, batchClassOfRow, transformation, gradient);
                step++;
                double firstCorrection = 1 - Math.Pow(FirstMomentDecay, step);
                double secondCorrection = 1 - Math.Pow(SecondMomentDecay, step);
                for (int k = 0; k < transformation.Length; k++)
                {
                    double g = gradient[k] / rows;
                    firstMoment[k] = (FirstMomentDecay * firstMoment[k]) + ((1 - FirstMomentDecay) * g);
                    secondMoment[k] = (SecondMomentDecay * secondMoment[k]) + ((1 - SecondMomentDecay) * g * g);
                    double update = stepSize * (firstMoment[k] / firstCorrection) / (Math.Sqrt(secondMoment[k] / secondCorrection) + Epsilon);
                    transformation[k] = (float)(transformation[k] + update);
                }
            }

            epochCompleted?.Invoke(epoch, epochObjective);
            double mean = epochObjective / count;
            if (Math.Abs(mean - previousMean) <= tolerance * Math.Max(Math.Abs(previousMean), 1e-12))
            {
                return new MetricLearningResult(transformation, true, epoch, epochObjective);
            }

            previousMean = mean;
        }

        return new MetricLearningResult(transformation, false, epochs, epochObjective);
    }

    /// <summary>Copies the batch's rows into <paramref name="target"/> grouped by class (a counting sort) and fills the batch's class ranges.</summary>
    private static void Gather(ClassSortedRows data, ReadOnlySpan<int> rows, float[] target, int[] classStarts, int[] classOfRow, int[] cursor)
    {
        int dimension = data.Dimension;
        Array.Clear(classStarts);
        foreach (int row in rows)
        {
            classStarts[data.ClassOfRow[row] + 1]++;
        }

        for (int c = 0; c < data.ClassCount; c++)
        {
            classStarts[c + 1] += classStarts[c];
            cursor[c] = classStarts[c];
        }

        foreach (int row in rows)
        {
            int c = data.ClassOfRow[row];
            int position = cursor[c]++;
            classOfRow[position] = c;
            data.Values.AsSpan(row * dimension, dimension).CopyTo(target.AsSpan(position * dimension, dimension));
        }
    }
}
