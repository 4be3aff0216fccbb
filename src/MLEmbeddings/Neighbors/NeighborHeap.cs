using System.Runtime.CompilerServices;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// A binary min-heap of (key, id) pairs on growable arrays, reused across queries: the candidate queue of the HNSW
/// layer search (closest first), and, with negated keys, its bounded result set (farthest first).
/// </summary>
internal sealed class NeighborHeap
{
    private float[] _keys;
    private int[] _ids;

    public NeighborHeap(int capacity)
    {
        _keys = new float[Math.Max(capacity, 4)];
        _ids = new int[_keys.Length];
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The smallest key (the heap must not be empty).</summary>
    public float TopKey => _keys[0];

    /// <summary>The id of the smallest key.</summary>
    public int TopId => _ids[0];

    /// <summary>Removes every entry.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds an entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float key, int id)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _ids, _keys.Length);
        }

        int position = Count++;
        while (position > 0)
        {
            int parent = (position - 1) >> 1;
            if (_keys[parent] <= key)
            {
                break;
            }

            _keys[position] = _keys[parent];
            _ids[position] = _ids[parent];
            position = parent;
        }

        _keys[position] = key;
        _ids[position] = id;
    }

    /// <summary>Removes the smallest entry.</summary>
    public void Pop()
    {
        int last = --Count;
        if (last > 0)
        {
            SiftDown(_keys[last], _ids[last]);
        }
    }

    /// <summary>Replaces the smallest entry by a new one (a pop and a push in one sift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReplaceTop(float key, int id) => SiftDown(key, id);

    /// <summary>The stored keys, in heap order (the first <see cref="Count"/>).</summary>
    public ReadOnlySpan<float> Keys => _keys.AsSpan(0, Count);

    /// <summary>The stored ids, in heap order (the first <see cref="Count"/>).</summary>
    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    private void SiftDown(float key, int id)
    {
        int count = Count;
        int position = 0;
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && _keys[child + 1] < _keys[child])
            {
                child++;
            }

            if (_keys[child] >= key)
            {
                break;
            }

            _keys[position] = _keys[child];
            _ids[position] = _ids[child];
            position = child;
        }

        _keys[position] = key;
        _ids[position] = id;
    }
}
