namespace MLEmbeddings.Kernels;

/// <summary>
/// Operations on a fixed-length list of search candidates kept sorted by ascending key, then ascending id: parallel
/// <c>keys</c> / <c>ids</c> spans, with empty slots (key <see cref="float.PositiveInfinity"/>, id -1) at the tail.
/// The last key is the admission threshold: a candidate enters only if its key is strictly smaller.
/// </summary>
internal static class SortedCandidateList
{
    /// <summary>Empties the list.</summary>
    public static void Clear(Span<float> keys, Span<int> ids)
    {
        keys.Fill(float.PositiveInfinity);
        ids.Fill(-1);
    }

    /// <summary>
    /// Inserts a candidate whose key is below the last key, dropping the last entry. The candidate goes after entries
    /// with an equal key, which keeps the (key, id) order when candidates arrive in ascending id order.
    /// </summary>
    public static void Insert(Span<float> keys, Span<int> ids, float key, int id)
    {
        int position = keys.Length - 1;
        while (position > 0 && keys[position - 1] > key)
        {
            keys[position] = keys[position - 1];
            ids[position] = ids[position - 1];
            position--;
        }

        keys[position] = key;
        ids[position] = id;
    }

    /// <summary>
    /// Writes into <paramref name="keys"/> / <paramref name="ids"/> (length <c>k</c>) the <c>k</c> smallest entries,
    /// in (key, id) order, of <paramref name="listCount"/> sorted lists of length <c>k</c> stored one after the other in
    /// <paramref name="sourceKeys"/> / <paramref name="sourceIds"/>. <paramref name="cursors"/> needs
    /// <paramref name="listCount"/> entries of scratch.
    /// </summary>
    public static void Merge(ReadOnlySpan<float> sourceKeys, ReadOnlySpan<int> sourceIds, int listCount, Span<int> cursors, Span<float> keys, Span<int> ids)
    {
        int k = keys.Length;
        for (int list = 0; list < listCount; list++)
        {
            cursors[list] = list * k;
        }

        for (int j = 0; j < k; j++)
        {
            int best = -1;
            for (int list = 0; list < listCount; list++)
            {
                int cursor = cursors[list];
                if (cursor < (list + 1) * k && sourceIds[cursor] >= 0
                    && (best < 0 || IsBefore(sourceKeys[cursor], sourceIds[cursor], sourceKeys[cursors[best]], sourceIds[cursors[best]])))
                {
                    best = list;
                }
            }

            if (best < 0)
            {
                Clear(keys[j..], ids[j..]);
                return;
            }

            keys[j] = sourceKeys[cursors[best]];
            ids[j] = sourceIds[cursors[best]];
            cursors[best]++;
        }
    }

    /// <summary>Sorts a short list in place by (key, id) (insertion sort; the lists are at most <c>k</c> long).</summary>
    public static void Sort(Span<float> keys, Span<int> ids)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            float key = keys[i];
            int id = ids[i];
            int position = i;
            while (position > 0 && IsBefore(key, id, keys[position - 1], ids[position - 1]))
            {
                keys[position] = keys[position - 1];
                ids[position] = ids[position - 1];
                position--;
            }

            keys[position] = key;
            ids[position] = id;
        }
    }

    private static bool IsBefore(float key, int id, float otherKey, int otherId) => key < otherKey || (key == otherKey && id < otherId);
}
