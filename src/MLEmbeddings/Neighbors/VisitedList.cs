using System.Runtime.CompilerServices;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Which node ids one search has visited, reset in O(1) by an epoch counter (hnswlib's visited-list pool idea): a node
/// is visited when its mark equals the current epoch; a new search increments the epoch, and only when the 16-bit
/// counter wraps are the marks cleared.
/// </summary>
internal sealed class VisitedList
{
    private readonly ushort[] _marks;
    private ushort _epoch;

    public VisitedList(int capacity)
    {
        _marks = new ushort[capacity];
        _epoch = 0;
    }

    /// <summary>Number of ids the list can mark.</summary>
    public int Capacity => _marks.Length;

    /// <summary>Starts a new search: nothing is visited.</summary>
    public void Reset()
    {
        _epoch++;
        if (_epoch == 0)
        {
            Array.Clear(_marks);
            _epoch = 1;
        }
    }

    /// <summary>Marks <paramref name="id"/> visited; returns false when it already was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Visit(int id)
    {
        ref ushort mark = ref _marks[id];
        if (mark == _epoch)
        {
            return false;
        }

        mark = _epoch;
        return true;
    }
}
