namespace MLEmbeddings.Neighbors;

/// <summary>
/// The two searches of HNSW (Malkov and Yashunin, algorithms 2 and 5; hnswlib <c>searchBaseLayerST</c>): the greedy
/// descent through the upper levels and the beam search of one level with <c>ef</c> candidates, generic over the
/// distance space and the admission rule. Nodes that may not be results (removed, filtered out) are still traversed,
/// so a filter is applied during the walk and the search goes on until it has <c>ef</c> admitted results or runs out
/// of candidates.
/// </summary>
internal static class HnswSearch
{
    /// <summary>
    /// Greedy descent: from <paramref name="node"/> (key <paramref name="key"/>) at <paramref name="fromLevel"/> down to
    /// <paramref name="toLevel"/> (exclusive), moving to any closer neighbour until none is closer. Returns the node reached.
    /// </summary>
    public static int Descend<TSpace>(ref TSpace space, HnswGraph graph, HnswLinkArrays arrays, int count, int node, ref float key, int fromLevel, int toLevel)
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        for (int level = fromLevel; level > toLevel; level--)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                Span<int> links = graph.Links(arrays, node, level);
                int linkCount = links[0];
                for (int j = 1; j <= linkCount; j++)
                {
                    int neighbour = links[j];
                    if ((uint)neighbour >= (uint)count)
                    {
                        continue;
                    }

                    float candidate = space.Key(neighbour);
                    if (candidate < key)
                    {
                        key = candidate;
                        node = neighbour;
                        changed = true;
                    }
                }
            }
        }

        return node;
    }

    /// <summary>
    /// Beam search of <paramref name="level"/> from <paramref name="entry"/>: leaves in <paramref name="results"/> (a
    /// min-heap of negated keys, so its top is the worst) the best <paramref name="ef"/> admitted nodes found.
    /// <paramref name="visited"/> must be reset by the caller; <paramref name="unvisited"/> is scratch for one list.
    /// </summary>
    public static void SearchLayer<TSpace, TAdmission>(
        ref TSpace space,
        HnswGraph graph,
        HnswLinkArrays arrays,
        int count,
        int level,
        int entry,
        float entryKey,
        int ef,
        VisitedList visited,
        NeighborHeap candidates,
        NeighborHeap results,
        Span<int> unvisited,
        TAdmission admission)
        where TSpace : struct, IDistanceSpace<TSpace>
        where TAdmission : struct, ISearchAdmission
    {
        candidates.Clear();
        results.Clear();
        visited.Visit(entry);
        candidates.Push(entryKey, entry);
        float bound = float.PositiveInfinity;
        if (admission.Admit(entry))
        {
            results.Push(-entryKey, entry);
            bound = entryKey;
        }

        while (candidates.Count > 0)
        {
            float key = candidates.TopKey;
            if (key > bound && results.Count >= ef)
            {
                break;
            }

            int node = candidates.TopId;
            candidates.Pop();
            Span<int> links = graph.Links(arrays, node, level);
            int linkCount = links[0];

            // First mark and prefetch every unvisited neighbour, then compute their distances: the loads of several
            // vectors overlap instead of each distance waiting for its own memory access.
            int pending = 0;
            for (int j = 1; j <= linkCount; j++)
            {
                int neighbour = links[j];
                if ((uint)neighbour < (uint)count && visited.Visit(neighbour))
                {
                    space.Prefetch(neighbour);
                    unvisited[pending++] = neighbour;
                }
            }

            for (int p = 0; p < pending; p++)
            {
                int neighbour = unvisited[p];
                float distance = space.Key(neighbour);
                if (results.Count < ef || distance < bound)
                {
                    candidates.Push(distance, neighbour);
                    if (admission.Admit(neighbour))
                    {
                        if (results.Count < ef)
                        {
                            results.Push(-distance, neighbour);
                        }
                        else
                        {
                            results.ReplaceTop(-distance, neighbour);
                        }

                        bound = -results.TopKey;
                    }
                }
            }
        }
    }
}
