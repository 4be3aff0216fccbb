namespace MLEmbeddings.Kernels.Tests.MetricLearning;

/// <summary>
/// Double-precision reference objectives of the metric learners, written from their definitions (all pairs, no
/// blocking, no tricks), and finite differences: the independent oracle of the kernel tests.
/// </summary>
internal static class MetricLearningOracle
{
    /// <summary>Labelled random rows: <paramref name="count"/> x <paramref name="dimension"/>, values in [-1, 1) plus a class offset, labels 0..classes-1 (sorted by label when asked).</summary>
    public static (float[] Rows, int[] Labels) Labelled(int count, int dimension, int classes, int seed, double separation = 1.0)
    {
        var random = new Random(seed);
        var rows = new float[count * dimension];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(classes);
            for (int j = 0; j < dimension; j++)
            {
                rows[(i * dimension) + j] = (float)((random.NextDouble() * 2) - 1 + (j == labels[i] % dimension ? separation : 0));
            }
        }

        return (rows, labels);
    }

    /// <summary>Random values in [-scale, scale).</summary>
    public static float[] RandomValues(int count, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale)).ToArray();
    }

    /// <summary>Projects rows with <c>L</c> in double: <c>y_i = L x_i</c>.</summary>
    public static double[][] Project(float[] rows, int count, int dimension, double[] transformation, int rank)
    {
        var projected = new double[count][];
        for (int i = 0; i < count; i++)
        {
            projected[i] = new double[rank];
            for (int k = 0; k < rank; k++)
            {
                double sum = 0;
                for (int j = 0; j < dimension; j++)
                {
                    sum += transformation[(k * dimension) + j] * rows[(i * dimension) + j];
                }

                projected[i][k] = sum;
            }
        }

        return projected;
    }

    public static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }

        return sum;
    }

    /// <summary>NCA's <c>sum_i sum_(j in class(i), j != i) p_ij</c> with <c>p_ij = exp(-d_ij) / sum_(k != i) exp(-d_ik)</c>, in double.</summary>
    public static double NeighborhoodComponents(float[] rows, int[] labels, int dimension, double[] transformation, int rank)
    {
        int count = labels.Length;
        double[][] y = Project(rows, count, dimension, transformation, rank);
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            double smallest = double.PositiveInfinity;
            var distances = new double[count];
            for (int j = 0; j < count; j++)
            {
                distances[j] = j == i ? double.PositiveInfinity : SquaredDistance(y[i], y[j]);
                smallest = Math.Min(smallest, distances[j]);
            }

            double all = 0, same = 0;
            for (int j = 0; j < count; j++)
            {
                double e = j == i ? 0 : Math.Exp(smallest - distances[j]);
                all += e;
                same += labels[j] == labels[i] ? e : 0;
            }

            total += same / all;
        }

        return total;
    }

    /// <summary>Central finite differences of <paramref name="function"/> at <paramref name="point"/> with step <paramref name="step"/>.</summary>
    public static double[] FiniteDifferences(Func<double[], double> function, double[] point, double step)
    {
        var gradient = new double[point.Length];
        for (int k = 0; k < point.Length; k++)
        {
            double[] plus = (double[])point.Clone();
            double[] minus = (double[])point.Clone();
            plus[k] += step;
            minus[k] -= step;
            gradient[k] = (function(plus) - function(minus)) / (2 * step);
        }

        return gradient;
    }

    /// <summary>The entries as doubles.</summary>
    public static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();

    /// <summary>Largest |a_k - b_k| relative to the largest |b_k|.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, double[] expected)
    {
        double largest = expected.Max(Math.Abs);
        double error = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            error = Math.Max(error, Math.Abs(actual[k] - expected[k]));
        }

        return error / largest;
    }
}
