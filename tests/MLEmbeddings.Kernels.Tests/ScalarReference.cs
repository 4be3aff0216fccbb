using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>
/// The independent oracle for the vector, distance and search tests: plain scalar loops in double precision and a
/// brute-force sort with the documented (score, id) tie order.
/// </summary>
internal static class ScalarReference
{
    /// <summary>Every vector width, for theories that force each in turn.</summary>
    public static TheoryData<VectorWidth> AllWidths => new() { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 };

    /// <summary>Every vector width with every distance metric, for theories that force each width in turn.</summary>
    public static TheoryData<VectorWidth, DistanceMetric> AllWidthsAndMetrics
    {
        get
        {
            var data = new TheoryData<VectorWidth, DistanceMetric>();
            foreach (VectorWidth width in AllWidths)
            {
                foreach (DistanceMetric metric in Enum.GetValues<DistanceMetric>())
                {
                    data.Add(width, metric);
                }
            }

            return data;
        }
    }

    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (double)x[i] * y[i];
        }

        return sum;
    }

    /// <summary>sum |x_i y_i|: the magnitude that bounds the rounding error of a float dot product.</summary>
    public static double AbsoluteDot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Abs((double)x[i] * y[i]);
        }

        return sum;
    }

    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double difference = (double)x[i] - y[i];
            sum += difference * difference;
        }

        return sum;
    }

    public static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double xx = Dot(x, x);
        double yy = Dot(y, y);
        return xx == 0 || yy == 0 ? 0 : Dot(x, y) / Math.Sqrt(xx * yy);
    }

    public static double Score(DistanceMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> vector) => metric switch
    {
        DistanceMetric.SquaredEuclidean => SquaredDistance(query, vector),
        DistanceMetric.InnerProduct => Dot(query, vector),
        _ => Cosine(query, vector),
    };

    /// <summary>
    /// The absolute error a float computation of <see cref="Score"/> may make for this pair, with margin: the
    /// squared-Euclidean search key comes from ||x||^2 - 2 q.x, so its error scales with the norms, not the distance.
    /// </summary>
    public static double ScoreTolerance(DistanceMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> vector)
    {
        double relative = 4e-7 * (query.Length + 8);
        return metric switch
        {
            DistanceMetric.SquaredEuclidean => relative * (Dot(query, query) + Dot(vector, vector) + (2 * AbsoluteDot(query, vector))),
            DistanceMetric.InnerProduct => relative * AbsoluteDot(query, vector),
            _ => relative,
        };
    }

    public static bool LargerIsCloser(DistanceMetric metric) => metric != DistanceMetric.SquaredEuclidean;

    /// <summary>
    /// Brute-force top-k: every allowed, non-excluded database row scored in double precision, sorted best first with
    /// ties to the smaller id; padded with (-1, worst) to k.
    /// </summary>
    public static (int[] Ids, double[] Scores) TopK(
        DistanceMetric metric,
        ReadOnlyMatrixView database,
        ReadOnlySpan<float> query,
        int k,
        int excludedId = -1,
        Func<int, bool>? allowed = null)
    {
        var candidates = new List<(double Score, int Id)>();
        for (int j = 0; j < database.Rows; j++)
        {
            if (j != excludedId && (allowed is null || allowed(j)))
            {
                candidates.Add((Score(metric, query, database.Row(j)), j));
            }
        }

        bool descending = LargerIsCloser(metric);
        candidates.Sort((a, b) =>
        {
            int byScore = descending ? b.Score.CompareTo(a.Score) : a.Score.CompareTo(b.Score);
            return byScore != 0 ? byScore : a.Id.CompareTo(b.Id);
        });
        var ids = new int[k];
        var scores = new double[k];
        for (int j = 0; j < k; j++)
        {
            if (j < candidates.Count)
            {
                (scores[j], ids[j]) = candidates[j];
            }
            else
            {
                ids[j] = -1;
                scores[j] = descending ? double.NegativeInfinity : double.PositiveInfinity;
            }
        }

        return (ids, scores);
    }

    /// <summary>A rows x columns matrix of uniform values in [-scale, scale), reproducible from <paramref name="seed"/>.</summary>
    public static float[] RandomValues(int seed, int count, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }

    public static ReadOnlyMatrixView RandomMatrix(int seed, int rows, int columns, float scale = 1f)
        => new(RandomValues(seed, rows * columns, scale), rows, columns);
}
