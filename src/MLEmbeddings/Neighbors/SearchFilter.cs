namespace MLEmbeddings.Neighbors;

/// <summary>
/// Restricts a search to some stored ids (faiss <c>IDSelector</c>, hnswlib's filter function): only allowed ids are
/// returned, and the approximate indexes apply the filter while they traverse (HNSW keeps walking through filtered-out
/// nodes but never reports them; IVF skips them while scanning its lists), so each query still gets its k best allowed
/// vectors rather than a post-filtered, shorter list.
/// </summary>
/// <remarks>
/// Built either from an id set (<see cref="AllowIds"/>; stored as a bitset, cheapest to test) or from a predicate
/// (<see cref="FromPredicate"/>; called once per visited id, possibly from several threads at once, so it must be
/// thread-safe and fast). Ids beyond those given to <see cref="AllowIds"/> are not allowed.
/// </remarks>
public sealed class SearchFilter
{
    private readonly ulong[]? _bits;
    private readonly Func<int, bool>? _predicate;

    private SearchFilter(ulong[]? bits, int allowedCount, Func<int, bool>? predicate)
    {
        _bits = bits;
        AllowedCount = allowedCount;
        _predicate = predicate;
    }

    /// <summary>The number of distinct allowed ids of an id-set filter; -1 for a predicate filter.</summary>
    public int AllowedCount { get; }

    /// <summary>A filter that allows exactly <paramref name="ids"/> (duplicates are ignored).</summary>
    /// <param name="ids">Allowed ids, each 0 or more.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ids"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative.</exception>
    public static SearchFilter AllowIds(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int[] values = ids.ToArray();
        int largest = -1;
        foreach (int id in values)
        {
            if (id < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Allowed ids must be 0 or more; got {id}.");
            }

            largest = Math.Max(largest, id);
        }

        var bits = new ulong[(largest + 64) / 64];
        int count = 0;
        foreach (int id in values)
        {
            ulong mask = 1UL << (id & 63);
            if ((bits[id >> 6] & mask) == 0)
            {
                bits[id >> 6] |= mask;
                count++;
            }
        }

        return new SearchFilter(bits, count, null);
    }

    /// <summary>A filter that allows the ids for which <paramref name="isAllowed"/> returns true.</summary>
    /// <param name="isAllowed">A thread-safe test of one id.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="isAllowed"/> is null.</exception>
    public static SearchFilter FromPredicate(Func<int, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(isAllowed);
        return new SearchFilter(null, -1, isAllowed);
    }

    /// <summary>Whether <paramref name="id"/> may be returned.</summary>
    /// <param name="id">A stored id.</param>
    /// <returns>True when the filter allows it.</returns>
    public bool IsAllowed(int id)
    {
        if (_bits is not null)
        {
            int word = id >> 6;
            return (uint)word < (uint)_bits.Length && (_bits[word] & (1UL << (id & 63))) != 0;
        }

        return _predicate!(id);
    }

    /// <summary>The id-set bitset, or null for a predicate filter.</summary>
    internal ulong[]? Bits => _bits;
}
