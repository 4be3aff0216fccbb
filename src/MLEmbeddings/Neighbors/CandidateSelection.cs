using System.Runtime.CompilerServices;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Candidate bookkeeping shared by the searches: keeping the best candidates of a scan in a bounded result heap
/// (negated keys: the top is the worst kept) and turning a heap or a list into (key, id) order.
/// </summary>
internal static class CandidateSelection
{
    /// <summary>
    /// Offers a candidate to a heap holding at most <paramref name="capacity"/> entries. With candidates offered in
    /// ascending id order, ties keep the smaller id (a candidate must be strictly better than the worst to replace it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(NeighborHeap results, int capacity, float key, int id)
    {
        if (results.Count < capacity)
        {
            results.Push(-key, id);
        }
        else if (key < -results.TopKey)
        {
            results.ReplaceTop(-key, id);
        }
    }

    /// <summary>Copies the results heap into <paramref name="keys"/> / <paramref name="ids"/> sorted by (key, id) ascending; returns the count.</summary>
    public static int SortedResults(NeighborHeap results, Span<float> keys, Span<int> ids)
    {
        int count = results.Count;
        ReadOnlySpan<float> heapKeys = results.Keys;
        ReadOnlySpan<int> heapIds = results.Ids;
        for (int i = 0; i < count; i++)
        {
            keys[i] = -heapKeys[i];
            ids[i] = heapIds[i];
        }

        SortByKeyThenId(keys[..count], ids[..count]);
        return count;
    }

    /// <summary>Sorts parallel key / id spans by key, then id, without allocating.</summary>
    public static void SortByKeyThenId(Span<float> keys, Span<int> ids)
    {
        keys.Sort(ids);
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                ids[start..end].Sort();
            }

            start = end;
        }
    }
}
