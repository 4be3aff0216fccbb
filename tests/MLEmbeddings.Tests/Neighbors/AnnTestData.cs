using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>Seeded clustered data for the approximate-index tests, and recall against the exact flat index (the oracle).</summary>
internal static class AnnTestData
{
    /// <summary>
    /// <paramref name="rows"/> points in <paramref name="dimension"/> dimensions around <paramref name="clusters"/>
    /// centres uniform in [-1, 1]^d, plus Gaussian noise of standard deviation <paramref name="spread"/>; centres come
    /// from <paramref name="centreSeed"/>, so base and query sets drawn with other seeds share them.
    /// </summary>
    public static float[] Clustered(int rows, int dimension, int clusters, float spread, int seed, int centreSeed = 99)
    {
        var centreRandom = new Random(centreSeed);
        var centres = new float[clusters * dimension];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (centreRandom.NextSingle() * 2f) - 1f;
        }

        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (int r = 0; r < rows; r++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < dimension; j++)
            {
                double u = 1.0 - random.NextDouble();
                double gaussian = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * random.NextDouble());
                values[(r * dimension) + j] = centres[(c * dimension) + j] + (float)(spread * gaussian);
            }
        }

        return values;
    }

    /// <summary>The exact top-k ids of every query (the flat index), optionally restricted by a filter.</summary>
    public static int[] ExactIds(ReadOnlyMatrixView data, ReadOnlyMatrixView queries, int k, DistanceMetric metric = DistanceMetric.SquaredEuclidean, SearchFilter? filter = null)
    {
        VectorIndex flat = new FlatIndexOptions().Build(data, metric, seed: 0);
        var ids = new int[queries.Rows * k];
        flat.Search(queries, k, ids, new float[ids.Length], new VectorSearchOptions { Filter = filter });
        return ids;
    }

    /// <summary>Recall@k: the share of the exact ids that the approximate search also returned.</summary>
    public static double Recall(int[] found, int[] exact, int k)
    {
        long hits = 0;
        for (int q = 0; q < exact.Length / k; q++)
        {
            ReadOnlySpan<int> row = found.AsSpan(q * k, k);
            foreach (int id in exact.AsSpan(q * k, k))
            {
                hits += id >= 0 && row.Contains(id) ? 1 : 0;
            }
        }

        return (double)hits / exact.Length;
    }

    /// <summary>Searches and returns the ids.</summary>
    public static int[] SearchIds(VectorIndex index, ReadOnlyMatrixView queries, int k, VectorSearchOptions? options = null)
    {
        var ids = new int[queries.Rows * k];
        index.Search(queries, k, ids, new float[ids.Length], options);
        return ids;
    }
}
