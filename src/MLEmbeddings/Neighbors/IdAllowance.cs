namespace MLEmbeddings.Neighbors;

/// <summary>
/// Which stored ids a search may return: not removed (<see cref="VectorIndex.Remove"/>) and, when a
/// <see cref="SearchFilter"/> is given, allowed by it. A snapshot taken at the start of a search call.
/// </summary>
internal readonly struct IdAllowance
{
    private readonly ulong[]? _removed;
    private readonly SearchFilter? _filter;

    public IdAllowance(ulong[]? removed, SearchFilter? filter)
    {
        _removed = removed;
        _filter = filter;
    }

    /// <summary>True when every id may be returned (nothing removed, no filter): the searches skip the checks.</summary>
    public bool IsUnrestricted => _removed is null && _filter is null;

    /// <summary>The user filter, if any.</summary>
    public SearchFilter? Filter => _filter;

    /// <summary>Whether <paramref name="id"/> may be returned.</summary>
    public bool IsAllowed(int id)
    {
        if (_removed is not null)
        {
            int word = id >> 6;
            if ((uint)word < (uint)_removed.Length && (_removed[word] & (1UL << (id & 63))) != 0)
            {
                return false;
            }
        }

        return _filter is null || _filter.IsAllowed(id);
    }

    /// <summary>A bitset over <c>[0, count)</c> of the allowed ids (for kernels that take one).</summary>
    public ulong[] ToBitset(int count)
    {
        var bits = new ulong[(count + 63) / 64];
        ulong[]? filterBits = _filter?.Bits;
        for (int word = 0; word < bits.Length; word++)
        {
            ulong value = word == bits.Length - 1 && (count & 63) != 0 ? (1UL << (count & 63)) - 1 : ulong.MaxValue;
            if (_removed is not null && word < _removed.Length)
            {
                value &= ~_removed[word];
            }

            if (filterBits is not null)
            {
                value &= word < filterBits.Length ? filterBits[word] : 0UL;
            }
            else if (_filter is not null)
            {
                for (int bit = 0; bit < 64; bit++)
                {
                    if ((value & (1UL << bit)) != 0 && !_filter.IsAllowed((word * 64) + bit))
                    {
                        value &= ~(1UL << bit);
                    }
                }
            }

            bits[word] = value;
        }

        return bits;
    }
}
