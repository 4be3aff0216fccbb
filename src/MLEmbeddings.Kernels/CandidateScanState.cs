namespace MLEmbeddings.Kernels;

/// <summary>
/// The per-query candidate lists one search work item fills: <c>k</c> entries per query row of a block, kept sorted
/// by <see cref="SortedCandidateList"/> or, for large <c>k</c>, unsorted buffers of <see cref="Stride"/> entries managed by
/// <see cref="CandidateBuffer"/>; plus each row's admission threshold and the exclusion rules.
/// </summary>
internal ref struct CandidateScanState
{
    /// <summary>Candidate keys, <see cref="Stride"/> per query row (smaller is better).</summary>
    public Span<float> Keys;

    /// <summary>Candidate ids, <see cref="Stride"/> per query row; -1 marks an empty slot of a sorted list.</summary>
    public Span<int> Ids;

    /// <summary>Entries per query row: <see cref="K"/> for sorted lists, <c>CandidateBuffer.Capacity(K)</c> for buffers.</summary>
    public int Stride;

    /// <summary>Empty for sorted lists; for buffers, the number of filled entries of each query row.</summary>
    public Span<int> Counts;

    /// <summary>Work space of <see cref="Stride"/> values for buffer compaction (unused by sorted lists).</summary>
    public Span<float> Scratch;

    /// <summary>Per query row (padding rows included): the key a candidate must be strictly below to enter; -infinity for padding rows.</summary>
    public Span<float> Thresholds;

    /// <summary>List length per query.</summary>
    public int K;

    /// <summary>Empty, or one id per real query row that must not be returned for it (-1 for none).</summary>
    public ReadOnlySpan<int> ExcludedIds;

    /// <summary>Empty when every id is allowed; otherwise a bitset, bit <c>id % 64</c> of word <c>id / 64</c> set for allowed ids.</summary>
    public ReadOnlySpan<ulong> AllowedIds;

    /// <summary>Whether <see cref="AllowedIds"/> applies.</summary>
    public bool IsFiltered;

    /// <summary>
    /// Offers the keys of <paramref name="rowCount"/> consecutive query rows starting at <paramref name="firstRow"/>
    /// against the ids <c>firstId ..</c>: <paramref name="tile"/> holds <paramref name="columns"/> keys per row, in
    /// ascending id order. Only keys below the row's threshold are looked at further.
    /// </summary>
    public void Offer(scoped ReadOnlySpan<float> tile, int rowCount, int columns, int firstRow, int firstId)
    {
        if (!Counts.IsEmpty)
        {
            OfferToBuffers(tile, rowCount, columns, firstRow, firstId);
            return;
        }

        for (int r = 0; r < rowCount; r++)
        {
            int row = firstRow + r;
            float threshold = Thresholds[row];
            ReadOnlySpan<float> rowKeys = tile.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                float key = rowKeys[j];
                if (key < threshold && IsAdmissible(row, firstId + j))
                {
                    Span<float> keys = Keys.Slice(row * K, K);
                    SortedCandidateList.Insert(keys, Ids.Slice(row * K, K), key, firstId + j);
                    threshold = keys[K - 1];
                }
            }

            Thresholds[row] = threshold;
        }
    }

    /// <summary>Turns every row's buffer into its final sorted list of <see cref="K"/> entries at the start of its slots.</summary>
    public void FinishBuffers(int rowCount)
    {
        for (int row = 0; row < rowCount; row++)
        {
            CandidateBuffer.Finish(Keys.Slice(row * Stride, Stride), Ids.Slice(row * Stride, Stride), Counts[row], K, Scratch);
        }
    }

    private void OfferToBuffers(scoped ReadOnlySpan<float> tile, int rowCount, int columns, int firstRow, int firstId)
    {
        for (int r = 0; r < rowCount; r++)
        {
            int row = firstRow + r;
            float threshold = Thresholds[row];
            int count = Counts[row];
            Span<float> keys = Keys.Slice(row * Stride, Stride);
            Span<int> ids = Ids.Slice(row * Stride, Stride);
            ReadOnlySpan<float> rowKeys = tile.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                float key = rowKeys[j];
                if (key < threshold && IsAdmissible(row, firstId + j))
                {
                    keys[count] = key;
                    ids[count] = firstId + j;
                    if (++count == Stride)
                    {
                        threshold = CandidateBuffer.Compact(keys, ids, count, K, Scratch);
                        count = K;
                    }
                }
            }

            Thresholds[row] = threshold;
            Counts[row] = count;
        }
    }

    private readonly bool IsAdmissible(int row, int id)
    {
        if (!ExcludedIds.IsEmpty && ExcludedIds[row] == id)
        {
            return false;
        }

        return !IsFiltered || ((AllowedIds[id >> 6] >> (id & 63)) & 1UL) != 0;
    }
}
