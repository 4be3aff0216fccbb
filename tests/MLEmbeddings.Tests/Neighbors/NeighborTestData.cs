using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>Small labelled data sets and a double-precision brute-force neighbour oracle for the neighbour tests.</summary>
internal static class NeighborTestData
{
    /// <summary>Three well separated Gaussian-ish blobs in <paramref name="dimension"/> dimensions, labels "a", "b", "c".</summary>
    public static (float[][] Rows, string[] Labels) Blobs(int count, int dimension, int seed)
    {
        float[][] noise = TestData.RandomRows(count, dimension, seed);
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            labels[i] = ((char)('a' + c)).ToString();
            noise[i][c] += 3f;
        }

        return (noise, labels);
    }

    /// <summary>
    /// Brute-force neighbours in double precision: (id, score) best first with ties to the smaller id, where score is
    /// the squared Euclidean distance, the cosine similarity or the inner product.
    /// </summary>
    public static (int Id, double Score)[] BruteForce(float[][] corpus, float[] query, string metric, int k)
    {
        bool similarity = metric != "euclidean";
        return corpus
            .Select((row, id) => (Id: id, Score: Score(row, query, metric)))
            .OrderBy(p => similarity ? -p.Score : p.Score)
            .ThenBy(p => p.Id)
            .Take(k)
            .ToArray();
    }

    private static double Score(float[] row, float[] query, string metric)
    {
        double dot = 0, rowNorm = 0, queryNorm = 0, squared = 0;
        for (int j = 0; j < row.Length; j++)
        {
            dot += (double)row[j] * query[j];
            rowNorm += (double)row[j] * row[j];
            queryNorm += (double)query[j] * query[j];
            squared += ((double)row[j] - query[j]) * ((double)row[j] - query[j]);
        }

        return metric switch
        {
            "euclidean" => squared,
            "cosine" => rowNorm == 0 || queryNorm == 0 ? 0 : dot / Math.Sqrt(rowNorm * queryNorm),
            _ => dot,
        };
    }
}
