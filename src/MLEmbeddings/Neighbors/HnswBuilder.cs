using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Inserts nodes into an <see cref="HnswGraph"/> in batches, multithreaded and deterministic for any thread count
/// (the batch-parallel construction of ParlayANN, applied to HNSW):
/// <list type="number">
/// <item>Batch sizes double from 1 up to <see cref="MaximumBatch"/> (each batch at most as large as the graph so far).</item>
/// <item>In parallel, each new node searches the graph as it was before the batch (read-only, no locks) with
/// <c>efConstruction</c> candidates per level, adds the other nodes of its batch as candidates (so nodes inserted
/// together still link to each other), and selects <c>M</c> neighbours per level with the heuristic.</item>
/// <item>The new nodes' lists are written, then the reverse links are grouped by target list and merged in parallel,
/// one list per task: appended while the list has room, otherwise re-selected by the heuristic from old and new
/// neighbours (hnswlib's pruning).</item>
/// <item>The node count and entry point are published; searches running meanwhile only ever follow links to nodes
/// they can see.</item>
/// </list>
/// Nothing depends on which thread handles which node, so the graph is identical for every thread count.
/// </summary>
internal static class HnswBuilder
{
    /// <summary>Largest insertion batch.</summary>
    public const int MaximumBatch = 256;

    /// <summary>
    /// Links nodes <c>first .. first + rows.Rows - 1</c>, whose vectors (<paramref name="rows"/>, prepared for the metric)
    /// the store already holds, into the graph.
    /// </summary>
    public static void Insert(HnswGraph graph, VectorStore store, ReadOnlyMatrixView rows, int first, int efConstruction, int seed, int threads, VisitedListPool pool)
    {
        var action = new InsertAction(graph, rows, first, efConstruction, seed, threads, pool);
        store.Dispatch(action);
    }

    private sealed class InsertAction(HnswGraph graph, ReadOnlyMatrixView rows, int first, int efConstruction, int seed, int threads, VisitedListPool pool) : IDistanceSpaceAction
    {
        public void Run<TSpace>(ref TSpace space)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            graph.Reserve(first + rows.Rows);
            ParallelOptions options = new() { MaxDegreeOfParallelism = threads };
            int end = first + rows.Rows;
            int start = first;
            TSpace prototype = space;
            while (start < end)
            {
                int size = Math.Min(end - start, Math.Clamp(start, 1, MaximumBatch));
                InsertBatch(prototype, start, size, options);
                start += size;
            }
        }

        private void InsertBatch<TSpace>(TSpace prototype, int start, int size, ParallelOptions options)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            int m = graph.M;
            var levels = new int[size];
            for (int i = 0; i < size; i++)
            {
                levels[i] = HnswLevelGenerator.Level(seed, start + i, m);
                graph.SetLevel(start + i, levels[i]);
            }

            int frozenCount = graph.Count;
            (int entryNode, int entryLevel) = graph.Entry;
            HnswLinkArrays arrays = graph.Arrays;
            var forward = new int[size][];
            Parallel.For(
                0,
                size,
                options,
                () => new BuildWorker<TSpace>(prototype, pool, graph.Capacity, efConstruction + size, size),
                (i, _, worker) =>
                {
                    forward[i] = LinkNode(worker, arrays, start, size, i, levels, frozenCount, entryNode, entryLevel);
                    return worker;
                },
                worker => worker.Release(pool));

            for (int i = 0; i < size; i++)
            {
                for (int level = 0; level <= levels[i]; level++)
                {
                    Span<int> links = graph.Links(arrays, start + i, level);
                    ReadOnlySpan<int> chosen = forward[i].AsSpan(level * (m + 1), m + 1);
                    chosen[1..(chosen[0] + 1)].CopyTo(links[1..]);
                    links[0] = chosen[0];
                }
            }

            MergeReverseLinks(prototype, arrays, start, size, levels, forward, options);

            int newEntry = entryNode;
            int newLevel = entryLevel;
            for (int i = 0; i < size; i++)
            {
                if (levels[i] > newLevel)
                {
                    newLevel = levels[i];
                    newEntry = start + i;
                }
            }

            graph.Publish(start + size, newEntry, newLevel);
        }

        // Finds and selects the neighbours of batch member i; returns per level (m + 1) ints: count, then ids.
        private int[] LinkNode<TSpace>(BuildWorker<TSpace> worker, HnswLinkArrays arrays, int start, int size, int i, int[] levels, int frozenCount, int entryNode, int entryLevel)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            int m = graph.M;
            int node = start + i;
            int level = levels[i];
            var chosen = new int[(level + 1) * (m + 1)];
            ref TSpace query = ref worker.Query;
            query.SetQuery(rows.Row(node - first));
            for (int j = 0; j < size; j++)
            {
                worker.BatchKeys[j] = j == i ? 0f : query.Key(start + j);
            }

            int current = entryNode;
            float currentKey = 0f;
            if (frozenCount > 0)
            {
                currentKey = query.Key(entryNode);
                current = HnswSearch.Descend(ref query, graph, arrays, frozenCount, entryNode, ref currentKey, entryLevel, level);
            }

            Span<float> keys = worker.CandidateKeys;
            Span<int> ids = worker.CandidateIds;
            for (int l = level; l >= 0; l--)
            {
                int count = 0;
                float worst = float.PositiveInfinity;
                if (frozenCount > 0 && l <= entryLevel)
                {
                    worker.Visited.Reset();
                    HnswSearch.SearchLayer(ref query, graph, arrays, frozenCount, l, current, currentKey, efConstruction, worker.Visited, worker.Candidates, worker.Results, worker.Unvisited, default(AdmitAll));
                    count = CandidateSelection.SortedResults(worker.Results, keys, ids);
                    current = ids[0];
                    currentKey = keys[0];
                    worst = count >= efConstruction ? keys[count - 1] : float.PositiveInfinity;
                }

                // Batch members are candidates too (they are not in the frozen graph), when they could compete.
                for (int j = 0; j < size; j++)
                {
                    if (j != i && levels[j] >= l && worker.BatchKeys[j] <= worst)
                    {
                        keys[count] = worker.BatchKeys[j];
                        ids[count] = start + j;
                        count++;
                    }
                }

                CandidateSelection.SortByKeyThenId(keys[..count], ids[..count]);
                Span<int> slot = chosen.AsSpan(l * (m + 1), m + 1);
                slot[0] = HnswNeighborSelection.Select(ref worker.Pair, keys, ids, count, m, slot[1..]);
            }

            return chosen;
        }

        private void MergeReverseLinks<TSpace>(TSpace prototype, HnswLinkArrays arrays, int start, int size, int[] levels, int[][] forward, ParallelOptions options)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            int m = graph.M;
            var edges = new List<(int Level, int Target, int Source)>();
            for (int i = 0; i < size; i++)
            {
                for (int level = 0; level <= levels[i]; level++)
                {
                    ReadOnlySpan<int> chosen = forward[i].AsSpan(level * (m + 1), m + 1);
                    foreach (int target in chosen[1..(chosen[0] + 1)])
                    {
                        edges.Add((level, target, start + i));
                    }
                }
            }

            (int Level, int Target, int Source)[] sorted = [.. edges];
            Array.Sort(sorted);
            var groups = new List<(int Start, int End)>();
            for (int g = 0; g < sorted.Length;)
            {
                int e = g + 1;
                while (e < sorted.Length && sorted[e].Level == sorted[g].Level && sorted[e].Target == sorted[g].Target)
                {
                    e++;
                }

                groups.Add((g, e));
                g = e;
            }

            HnswGraph linked = graph;
            Parallel.For(
                0,
                groups.Count,
                options,
                () => new MergeWorker<TSpace>(prototype, (2 * m) + size + 1),
                (g, _, worker) =>
                {
                    (int from, int to) = groups[g];
                    Merge(linked, arrays, worker, sorted.AsSpan(from, to - from));
                    return worker;
                },
                _ => { });
        }

        private static void Merge<TSpace>(HnswGraph graph, HnswLinkArrays arrays, MergeWorker<TSpace> worker, ReadOnlySpan<(int Level, int Target, int Source)> edges)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            int level = edges[0].Level;
            int target = edges[0].Target;
            Span<int> links = graph.Links(arrays, target, level);
            int existing = links[0];
            int maximum = graph.MaxLinks(level);
            Span<int> ids = worker.Ids;
            links.Slice(1, existing).CopyTo(ids);
            int count = existing;
            foreach ((_, _, int source) in edges)
            {
                if (source != target && !ids[..count].Contains(source))
                {
                    ids[count++] = source;
                }
            }

            if (count <= maximum)
            {
                ids[existing..count].CopyTo(links[(existing + 1)..]);
                links[0] = count;
                return;
            }

            Span<float> keys = worker.Keys;
            worker.Target.SetQueryFromStored(target);
            for (int j = 0; j < count; j++)
            {
                keys[j] = worker.Target.Key(ids[j]);
            }

            CandidateSelection.SortByKeyThenId(keys[..count], ids[..count]);
            int kept = HnswNeighborSelection.Select(ref worker.Pair, keys, ids, count, maximum, worker.Selected);
            worker.Selected.AsSpan(0, kept).CopyTo(links[1..]);
            links[0] = kept;
        }
    }

    /// <summary>Per-thread state of the search phase of a batch.</summary>
    private sealed class BuildWorker<TSpace>
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        public TSpace Query;
        public TSpace Pair;

        public BuildWorker(TSpace prototype, VisitedListPool pool, int nodes, int candidates, int batch)
        {
            Query = prototype.Fork();
            Pair = prototype.Fork();
            Visited = pool.Rent(nodes);
            Candidates = new NeighborHeap(candidates);
            Results = new NeighborHeap(candidates);
            CandidateKeys = new float[candidates + 1];
            CandidateIds = new int[candidates + 1];
            BatchKeys = new float[batch];
            Unvisited = new int[(2 * HnswIndexOptions.MaximumM) + 1];
        }

        public int[] Unvisited { get; }

        public VisitedList Visited { get; }

        public NeighborHeap Candidates { get; }

        public NeighborHeap Results { get; }

        public float[] CandidateKeys { get; }

        public int[] CandidateIds { get; }

        public float[] BatchKeys { get; }

        public void Release(VisitedListPool pool) => pool.Return(Visited);
    }

    /// <summary>Per-thread state of the reverse-link merge.</summary>
    private sealed class MergeWorker<TSpace>
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        public TSpace Target;
        public TSpace Pair;

        public MergeWorker(TSpace prototype, int capacity)
        {
            Target = prototype.Fork();
            Pair = prototype.Fork();
            Ids = new int[capacity];
            Keys = new float[capacity];
            Selected = new int[capacity];
        }

        public int[] Ids { get; }

        public float[] Keys { get; }

        public int[] Selected { get; }
    }
}
