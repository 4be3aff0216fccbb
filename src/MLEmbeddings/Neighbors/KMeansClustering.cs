using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Lloyd's k-means for the IVF coarse quantizer (faiss <c>Clustering</c>): centroids start at distinct rows drawn
/// with the seed, each iteration assigns every row to its nearest centroid with the fused exact search
/// (<see cref="ExactNearestNeighbors"/>, k = 1) and moves each centroid to the mean of its rows (summed in double, in row
/// order, so the result does not depend on the thread count). An empty cluster takes over half of the largest one:
/// both get that cluster's centroid nudged apart by a relative 1/1024 (faiss's split). Stops early when no row
/// changes cluster.
/// </summary>
internal static class KMeansClustering
{
    private const float SplitNudge = 1f / 1024f;

    /// <summary>Returns <paramref name="clusters"/> centroids of <paramref name="rows"/> (at least as many rows as clusters).</summary>
    public static DenseMatrix Train(ReadOnlyMatrixView rows, int clusters, int iterations, int seed, int threads)
    {
        int dimension = rows.Columns;
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, rows.Rows).ToArray();
        var centroids = new float[checked(clusters * dimension)];
        for (int c = 0; c < clusters; c++)
        {
            int j = random.Next(c, order.Length);
            (order[c], order[j]) = (order[j], order[c]);
            rows.Row(order[c]).CopyTo(centroids.AsSpan(c * dimension, dimension));
        }

        var assignment = new int[rows.Rows];
        var previous = new int[rows.Rows];
        previous.AsSpan().Fill(-1);
        var distances = new float[rows.Rows];
        var sums = new double[centroids.Length];
        var counts = new int[clusters];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            ExactNearestNeighbors.SearchOnce(new ReadOnlyMatrixView(centroids, clusters, dimension), DistanceMetric.SquaredEuclidean, rows, 1, assignment, distances, maxDegreeOfParallelism: threads);
            if (assignment.AsSpan().SequenceEqual(previous))
            {
                break;
            }

            assignment.CopyTo(previous, 0);
            Array.Clear(sums);
            Array.Clear(counts);
            for (int r = 0; r < rows.Rows; r++)
            {
                int c = assignment[r];
                counts[c]++;
                ReadOnlySpan<float> row = rows.Row(r);
                Span<double> sum = sums.AsSpan(c * dimension, dimension);
                for (int t = 0; t < dimension; t++)
                {
                    sum[t] += row[t];
                }
            }

            for (int c = 0; c < clusters; c++)
            {
                if (counts[c] > 0)
                {
                    for (int t = 0; t < dimension; t++)
                    {
                        centroids[(c * dimension) + t] = (float)(sums[(c * dimension) + t] / counts[c]);
                    }
                }
            }

            SplitEmptyClusters(centroids, counts, dimension);
        }

        return DenseMatrix.TakeOwnership(centroids, clusters, dimension);
    }

    private static void SplitEmptyClusters(float[] centroids, int[] counts, int dimension)
    {
        for (int empty = 0; empty < counts.Length; empty++)
        {
            if (counts[empty] != 0)
            {
                continue;
            }

            int largest = 0;
            for (int c = 1; c < counts.Length; c++)
            {
                if (counts[c] > counts[largest])
                {
                    largest = c;
                }
            }

            if (counts[largest] < 2)
            {
                return;
            }

            for (int t = 0; t < dimension; t++)
            {
                float value = centroids[(largest * dimension) + t];
                float nudge = (Math.Abs(value) + 1e-6f) * SplitNudge * (t % 2 == 0 ? 1f : -1f);
                centroids[(empty * dimension) + t] = value + nudge;
                centroids[(largest * dimension) + t] = value - nudge;
            }

            counts[empty] = counts[largest] / 2;
            counts[largest] -= counts[empty];
        }
    }
}
