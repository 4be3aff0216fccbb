namespace MLEmbeddings.Neighbors;

/// <summary>
/// The heuristic neighbour selection of HNSW (Malkov and Yashunin, algorithm 4; hnswlib
/// <c>getNeighborsByHeuristic2</c>): walking the candidates from the closest, a candidate is kept only when it is
/// closer to the base node than to every neighbour kept so far. This keeps links that point in different directions
/// (bridges between clusters) instead of <c>M</c> near-duplicates, which is what makes the graph navigable.
/// </summary>
internal static class HnswNeighborSelection
{
    /// <summary>
    /// Selects at most <paramref name="maximum"/> of the <paramref name="count"/> candidates (sorted by key to the base
    /// node, then id) into <paramref name="selected"/>; returns how many. When there are no more candidates than
    /// <paramref name="maximum"/>, all are kept. <paramref name="pairSpace"/> computes candidate-to-candidate keys.
    /// </summary>
    public static int Select<TSpace>(ref TSpace pairSpace, ReadOnlySpan<float> keys, ReadOnlySpan<int> ids, int count, int maximum, Span<int> selected)
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        if (count <= maximum)
        {
            ids[..count].CopyTo(selected);
            return count;
        }

        int kept = 0;
        for (int c = 0; c < count && kept < maximum; c++)
        {
            bool good = true;
            if (kept > 0)
            {
                pairSpace.SetQueryFromStored(ids[c]);
                for (int s = 0; s < kept; s++)
                {
                    if (pairSpace.Key(selected[s]) < keys[c])
                    {
                        good = false;
                        break;
                    }
                }
            }

            if (good)
            {
                selected[kept++] = ids[c];
            }
        }

        return kept;
    }
}
