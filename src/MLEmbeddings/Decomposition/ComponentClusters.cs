using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Groups the components of several NMF fits of the same rank into one cluster per component (NMFk's constrained
/// clustering: each fit gives exactly one member to each cluster, matched by <see cref="LinearAssignment"/> on cosine
/// similarity to the cluster centroids, refined a few times), and scores how tight the clusters are.
/// </summary>
internal static class ComponentClusters
{
    private const int Refinements = 3;

    /// <summary>
    /// The stability (smallest cluster mean cosine similarity to the centroid) and the silhouette (smallest cluster mean
    /// silhouette under cosine distance) of the fits' components.
    /// </summary>
    /// <param name="fits">Per fit, its <c>r</c> components scaled to unit length (each <c>d</c> values).</param>
    public static (double Stability, double Silhouette) Score(IReadOnlyList<float[][]> fits)
    {
        int rank = fits[0].Length;
        float[][] centroids = fits[0].Select(c => (float[])c.Clone()).ToArray();
        var members = new int[fits.Count][];
        for (int round = 0; round < Refinements; round++)
        {
            for (int f = 0; f < fits.Count; f++)
            {
                var similarity = new double[rank, rank];
                for (int c = 0; c < rank; c++)
                {
                    for (int j = 0; j < rank; j++)
                    {
                        similarity[c, j] = VectorOperations.CosineSimilarity(centroids[c], fits[f][j]);
                    }
                }

                members[f] = LinearAssignment.Maximize(similarity);
            }

            for (int c = 0; c < rank; c++)
            {
                Array.Clear(centroids[c]);
                for (int f = 0; f < fits.Count; f++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(centroids[c], fits[f][members[f][c]], centroids[c]);
                }

                VectorOperations.Normalize(centroids[c]);
            }
        }

        double stability = double.PositiveInfinity;
        for (int c = 0; c < rank; c++)
        {
            double sum = 0;
            for (int f = 0; f < fits.Count; f++)
            {
                sum += VectorOperations.CosineSimilarity(centroids[c], fits[f][members[f][c]]);
            }

            stability = Math.Min(stability, sum / fits.Count);
        }

        return (stability, Silhouette(fits, members, rank));
    }

    private static double Silhouette(IReadOnlyList<float[][]> fits, int[][] members, int rank)
    {
        if (rank == 1)
        {
            return 1;
        }

        // points[c][f] is the component fit f gave to cluster c.
        float[][][] points = Enumerable.Range(0, rank).Select(c => fits.Select((fit, f) => fit[members[f][c]]).ToArray()).ToArray();
        double worst = double.PositiveInfinity;
        for (int c = 0; c < rank; c++)
        {
            double clusterSum = 0;
            foreach (float[] point in points[c])
            {
                double own = MeanDistance(point, points[c], excludeSelf: true);
                double nearest = double.PositiveInfinity;
                for (int other = 0; other < rank; other++)
                {
                    if (other != c)
                    {
                        nearest = Math.Min(nearest, MeanDistance(point, points[other], excludeSelf: false));
                    }
                }

                double scale = Math.Max(own, nearest);
                clusterSum += scale > 0 ? (nearest - own) / scale : 0;
            }

            worst = Math.Min(worst, clusterSum / points[c].Length);
        }

        return worst;
    }

    private static double MeanDistance(float[] point, float[][] cluster, bool excludeSelf)
    {
        double sum = 0;
        int count = 0;
        foreach (float[] other in cluster)
        {
            if (excludeSelf && ReferenceEquals(other, point))
            {
                continue;
            }

            sum += 1 - VectorOperations.CosineSimilarity(point, other);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }
}
