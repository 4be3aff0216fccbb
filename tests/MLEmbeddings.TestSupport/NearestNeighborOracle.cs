namespace MLEmbeddings.TestSupport;

/// <summary>Brute-force double-precision nearest-neighbour oracles for the effect tests (k-NN accuracy, retrieval Recall@1) and a Gaussian sampler.</summary>
public static class NearestNeighborOracle
{
    /// <summary>Held-out k-NN accuracy (uniform vote, Euclidean, ties to the smaller class) computed in double by brute force.</summary>
    public static double KnnAccuracy(float[][] train, string[] trainLabels, float[][] test, string[] testLabels, int k)
    {
        int correct = 0;
        for (int q = 0; q < test.Length; q++)
        {
            var nearest = train
                .Select((row, id) => (Id: id, Distance: SquaredDistance(row, test[q])))
                .OrderBy(p => p.Distance)
                .ThenBy(p => p.Id)
                .Take(k)
                .GroupBy(p => trainLabels[p.Id])
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .First()
                .Key;
            correct += nearest == testLabels[q] ? 1 : 0;
        }

        return correct / (double)test.Length;
    }

    /// <summary>Leave-one-out retrieval Recall@1: the fraction of rows whose nearest other row (Euclidean, ties to the smaller index) has their label.</summary>
    public static double RecallAtOne(float[][] rows, string[] labels)
    {
        int hits = 0;
        for (int q = 0; q < rows.Length; q++)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int i = 0; i < rows.Length; i++)
            {
                double distance = SquaredDistance(rows[i], rows[q]);
                if (i != q && distance < bestDistance)
                {
                    (best, bestDistance) = (i, distance);
                }
            }

            hits += labels[best] == labels[q] ? 1 : 0;
        }

        return hits / (double)rows.Length;
    }

    /// <summary>A standard normal value (Box-Muller).</summary>
    public static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double SquaredDistance(float[] a, float[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double d = (double)a[j] - b[j];
            sum += d * d;
        }

        return sum;
    }
}
