namespace MLEmbeddings.Neighbors;

/// <summary>Turns an approximate search's sorted candidates into one query's output row, re-ranking on full precision when the store keeps it.</summary>
internal static class SearchResults
{
    /// <summary>
    /// Writes the best <c>outIds.Length</c> of the <paramref name="count"/> candidates (sorted by key, then id) into
    /// <paramref name="outIds"/> / <paramref name="outScores"/>. When <paramref name="rerankCount"/> is positive and the
    /// store has a full-precision copy, the first <paramref name="rerankCount"/> candidates get their exact keys and are
    /// sorted again first. Missing entries are id -1 with score +infinity (distances) or -infinity (similarities).
    /// </summary>
    public static void Write<TSpace>(ref TSpace space, VectorStore store, int rerankCount, Span<float> keys, Span<int> ids, int count, Span<int> outIds, Span<float> outScores)
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        bool exact = rerankCount > 0 && store.CanRerank;
        if (exact)
        {
            count = Math.Min(count, rerankCount);
            for (int i = 0; i < count; i++)
            {
                keys[i] = space.ExactKey(ids[i]);
            }

            CandidateSelection.SortByKeyThenId(keys[..count], ids[..count]);
        }

        int k = outIds.Length;
        int written = Math.Min(k, count);
        for (int i = 0; i < written; i++)
        {
            outIds[i] = ids[i];
            outScores[i] = exact ? store.ExactKeyToScore(keys[i]) : store.KeyToScore(keys[i]);
        }

        outIds[written..].Fill(-1);
        outScores[written..].Fill(store.SquaredEuclidean ? float.PositiveInfinity : float.NegativeInfinity);
    }
}
