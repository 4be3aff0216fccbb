using System.Collections.Concurrent;

namespace MLEmbeddings.Neighbors;

/// <summary>Lends <see cref="VisitedList"/>s to concurrent searches so that each search thread reuses one instead of allocating.</summary>
internal sealed class VisitedListPool
{
    private readonly ConcurrentBag<VisitedList> _lists = [];

    /// <summary>A reset list for at least <paramref name="capacity"/> ids (lists too small for the grown index are dropped).</summary>
    public VisitedList Rent(int capacity)
    {
        while (_lists.TryTake(out VisitedList? list))
        {
            if (list.Capacity >= capacity)
            {
                list.Reset();
                return list;
            }
        }

        var fresh = new VisitedList(Math.Max(capacity, 16));
        fresh.Reset();
        return fresh;
    }

    /// <summary>Gives a list back.</summary>
    public void Return(VisitedList list) => _lists.Add(list);
}
