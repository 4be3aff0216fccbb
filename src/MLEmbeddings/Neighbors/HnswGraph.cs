using MLEmbeddings.Interop;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The HNSW graph: for each node its level and, per level, a bounded list of neighbour ids (at most <c>2M</c> at
/// level 0, <c>M</c> above, as hnswlib); plus the entry point (a node of the top level). Only node ids below
/// <see cref="Count"/> are visible to searches; a writer fills in new nodes' lists first and then publishes the count,
/// so searches running during an insert see a valid graph (they ignore ids at or past the count they started with).
/// </summary>
internal sealed class HnswGraph
{
    private HnswLinkArrays _arrays;
    private int _count;
    private long _entry = -1;

    public HnswGraph(int m, int capacity)
    {
        M = m;
        Level0Stride = 1 + (2 * m);
        UpperStride = 1 + m;
        capacity = Math.Max(capacity, 1);
        _arrays = new HnswLinkArrays(new int[checked(capacity * Level0Stride)], new int[]?[capacity], new byte[capacity]);
    }

    /// <summary>Neighbours selected per node and level; level 0 holds up to twice as many.</summary>
    public int M { get; }

    /// <summary>Ints per node in the level-0 array.</summary>
    public int Level0Stride { get; }

    /// <summary>Ints per level in a node's upper-level array.</summary>
    public int UpperStride { get; }

    /// <summary>Nodes visible to searches.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Node capacity of the current arrays.</summary>
    public int Capacity => _arrays.Levels.Length;

    /// <summary>The current arrays (read the count first, then this).</summary>
    public HnswLinkArrays Arrays => Volatile.Read(ref _arrays);

    /// <summary>The entry node and its level, or (-1, -1) for an empty graph.</summary>
    public (int Node, int Level) Entry
    {
        get
        {
            long entry = Volatile.Read(ref _entry);
            return entry < 0 ? (-1, -1) : ((int)(entry & 0xFFFFFFFF), (int)(entry >> 32));
        }
    }

    /// <summary>Bytes held by the link arrays.</summary>
    public long MemoryBytes
    {
        get
        {
            HnswLinkArrays arrays = Arrays;
            long bytes = (arrays.Level0.LongLength * sizeof(int)) + arrays.Levels.LongLength + (arrays.Upper.LongLength * IntPtr.Size);
            foreach (int[]? upper in arrays.Upper)
            {
                bytes += upper is null ? 0 : (upper.LongLength * sizeof(int)) + 24;
            }

            return bytes;
        }
    }

    /// <summary>Most neighbours at <paramref name="level"/>.</summary>
    public int MaxLinks(int level) => level == 0 ? 2 * M : M;

    /// <summary>The list of <paramref name="node"/> at <paramref name="level"/> in <paramref name="arrays"/>: element 0 is the count.</summary>
    public Span<int> Links(HnswLinkArrays arrays, int node, int level)
        => level == 0
            ? arrays.Level0.AsSpan(node * Level0Stride, Level0Stride)
            : arrays.Upper[node].AsSpan((level - 1) * UpperStride, UpperStride);

    /// <summary>Grows the arrays to hold <paramref name="capacity"/> nodes.</summary>
    public void Reserve(int capacity)
    {
        HnswLinkArrays current = _arrays;
        if (capacity <= current.Levels.Length)
        {
            return;
        }

        int grown = (int)Math.Min(Array.MaxLength / Level0Stride, Math.Max(capacity, current.Levels.Length * 2L));
        var level0 = new int[checked(grown * Level0Stride)];
        var upper = new int[]?[grown];
        var levels = new byte[grown];
        current.Level0.AsSpan().CopyTo(level0);
        current.Upper.AsSpan().CopyTo(upper);
        current.Levels.AsSpan().CopyTo(levels);
        Volatile.Write(ref _arrays, new HnswLinkArrays(level0, upper, levels));
    }

    /// <summary>Sets the level of a node not yet published and allocates its upper-level lists.</summary>
    public void SetLevel(int node, int level)
    {
        HnswLinkArrays arrays = _arrays;
        arrays.Levels[node] = (byte)level;
        arrays.Upper[node] = level == 0 ? null : new int[level * UpperStride];
        arrays.Level0[node * Level0Stride] = 0;
    }

    /// <summary>Makes nodes below <paramref name="count"/> visible and sets the entry point.</summary>
    public void Publish(int count, int entryNode, int entryLevel)
    {
        Volatile.Write(ref _count, count);
        Volatile.Write(ref _entry, ((long)entryLevel << 32) | (uint)entryNode);
    }

    /// <summary>Writes the graph: count, entry, levels, level-0 lists, upper lists.</summary>
    public void Save(ModelPayloadWriter writer)
    {
        HnswLinkArrays arrays = Arrays;
        int count = Count;
        (int entryNode, int entryLevel) = Entry;
        writer.Write(M);
        writer.Write(count);
        writer.Write(entryNode);
        writer.Write(entryLevel);
        writer.WriteArray<byte>(arrays.Levels.AsSpan(0, count));
        writer.WriteArray<int>(arrays.Level0.AsSpan(0, count * Level0Stride));
        for (int node = 0; node < count; node++)
        {
            if (arrays.Levels[node] > 0)
            {
                writer.WriteArray<int>(arrays.Upper[node]);
            }
        }
    }

    /// <summary>Reads a graph written by <see cref="Save"/> and checks every list against the node count.</summary>
    public static HnswGraph Load(ModelPayloadReader reader, int expectedM, int expectedCount)
    {
        int m = reader.ReadInt32("the HNSW M", expectedM, expectedM);
        int count = reader.ReadInt32("the HNSW node count", expectedCount, expectedCount);
        int entryNode = reader.ReadInt32("the HNSW entry node", count == 0 ? -1 : 0, count - 1);
        int entryLevel = reader.ReadInt32("the HNSW entry level", count == 0 ? -1 : 0, HnswLevelGenerator.MaximumLevel);
        byte[] levels = reader.ReadArray<byte>();
        var graph = new HnswGraph(m, count);
        int[] level0 = reader.ReadArray<int>();
        if (levels.Length != count || level0.Length != (long)count * graph.Level0Stride)
        {
            throw reader.Corrupt($"the HNSW graph holds {levels.Length} levels and {level0.Length} level-0 entries for {count} nodes");
        }

        HnswLinkArrays arrays = graph._arrays;
        level0.CopyTo(arrays.Level0, 0);
        levels.CopyTo(arrays.Levels, 0);
        int topLevel = -1;
        for (int node = 0; node < count; node++)
        {
            int level = levels[node];
            if (level > HnswLevelGenerator.MaximumLevel)
            {
                throw reader.Corrupt($"HNSW node {node} has level {level}");
            }

            topLevel = Math.Max(topLevel, level);
            if (level > 0)
            {
                int[] upper = reader.ReadArray<int>();
                if (upper.Length != level * graph.UpperStride)
                {
                    throw reader.Corrupt($"HNSW node {node} of level {level} has {upper.Length} upper-level entries");
                }

                arrays.Upper[node] = upper;
            }

            for (int l = 0; l <= level; l++)
            {
                Span<int> links = graph.Links(arrays, node, l);
                if ((uint)links[0] > (uint)graph.MaxLinks(l))
                {
                    throw reader.Corrupt($"HNSW node {node} has {links[0]} links at level {l}");
                }

                foreach (int neighbour in links.Slice(1, links[0]))
                {
                    if ((uint)neighbour >= (uint)count || levels[neighbour] < l)
                    {
                        throw reader.Corrupt($"HNSW node {node} links to {neighbour} at level {l}");
                    }
                }
            }
        }

        if (count > 0 && (entryLevel != topLevel || levels[entryNode] != entryLevel))
        {
            throw reader.Corrupt($"the HNSW entry point ({entryNode}, level {entryLevel}) is not on the top level {topLevel}");
        }

        graph.Publish(count, entryNode, entryLevel);
        return graph;
    }
}
