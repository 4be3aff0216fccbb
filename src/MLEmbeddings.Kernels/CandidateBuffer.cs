namespace MLEmbeddings.Kernels;

/// <summary>
/// Candidate storage for searches with a large <c>k</c>, where keeping a sorted list (<see cref="SortedCandidateList"/>,
/// <c>O(k)</c> per admission) costs too much: admitted candidates are appended, in ascending id order, to an unsorted
/// buffer of <c>2k</c> slots; when it is full it is compacted to the best <c>k</c> by (key, id), keeping their order,
/// and the admission threshold becomes the k-th best key. Each admission costs <c>O(1)</c> amortized; the final list
/// is selected and sorted once.
/// </summary>
internal static class CandidateBuffer
{
    /// <summary>Lists longer than this use a buffer; shorter ones stay sorted lists.</summary>
    public const int MinimumBufferedK = 128;

    /// <summary>Buffer slots per query for list length <paramref name="k"/>.</summary>
    public static int Capacity(int k) => 2 * k;

    /// <summary>
    /// Keeps the best <paramref name="k"/> of the first <paramref name="count"/> entries (by key, then id; entries are
    /// in ascending id order) at the front, in their original order, and returns the k-th best key: the new admission
    /// threshold. <paramref name="scratch"/> needs <paramref name="count"/> values.
    /// </summary>
    public static float Compact(Span<float> keys, Span<int> ids, int count, int k, Span<float> scratch)
    {
        Span<float> copy = scratch[..count];
        keys[..count].CopyTo(copy);
        float kth = SelectKthSmallest(copy, k - 1);
        int less = 0;
        for (int i = 0; i < count; i++)
        {
            less += keys[i] < kth ? 1 : 0;
        }

        int equalsWanted = k - less;
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            float key = keys[i];
            bool keep = key < kth || (key == kth && equalsWanted-- > 0);
            if (keep)
            {
                keys[written] = key;
                ids[written] = ids[i];
                written++;
            }
        }

        return kth;
    }

    /// <summary>
    /// Turns a buffer holding <paramref name="count"/> entries into the final list of length <paramref name="k"/> at its
    /// front: the best <paramref name="k"/> sorted by (key, id), padded with empty slots (key +infinity, id -1).
    /// </summary>
    public static void Finish(Span<float> keys, Span<int> ids, int count, int k, Span<float> scratch)
    {
        if (count > k)
        {
            Compact(keys, ids, count, k, scratch);
            count = k;
        }

        keys[..count].Sort(ids[..count]);
        for (int start = 0; start < count;)
        {
            int end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                ids[start..end].Sort();
            }

            start = end;
        }

        SortedCandidateList.Clear(keys[count..k], ids[count..k]);
    }

    /// <summary>The value of rank <paramref name="rank"/> (0-based) in ascending order; reorders <paramref name="values"/>.</summary>
    private static float SelectKthSmallest(Span<float> values, int rank)
    {
        int low = 0;
        int high = values.Length - 1;
        while (low < high)
        {
            // Median of three as pivot, then a three-way partition so runs of equal keys cost nothing extra.
            int middle = low + ((high - low) / 2);
            float pivot = MedianOfThree(values[low], values[middle], values[high]);
            int lessEnd = low;
            int greaterStart = high;
            int i = low;
            while (i <= greaterStart)
            {
                float value = values[i];
                if (value < pivot)
                {
                    (values[lessEnd], values[i]) = (values[i], values[lessEnd]);
                    lessEnd++;
                    i++;
                }
                else if (value > pivot)
                {
                    (values[greaterStart], values[i]) = (values[i], values[greaterStart]);
                    greaterStart--;
                }
                else
                {
                    i++;
                }
            }

            if (rank < lessEnd)
            {
                high = lessEnd - 1;
            }
            else if (rank > greaterStart)
            {
                low = greaterStart + 1;
            }
            else
            {
                return pivot;
            }
        }

        return values[rank];
    }

    private static float MedianOfThree(float a, float b, float c)
        => a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
}
