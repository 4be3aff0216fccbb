using System.Runtime.CompilerServices;

namespace MLEmbeddings.Neighbors;

/// <summary>Keeps the best candidates of a linear scan in a bounded result heap (negated keys: the top is the worst kept).</summary>
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
}
