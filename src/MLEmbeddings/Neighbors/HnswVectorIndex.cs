using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// HNSW behind the <see cref="VectorIndex"/> contract: a <see cref="VectorStore"/> (float or quantized) plus an
/// <see cref="HnswGraph"/> built by <see cref="HnswBuilder"/>. Searches are batched over threads (each query on one
/// thread, with a pooled visited list); inserts are serialized by the base class and linked in parallel; searches
/// run without locks, also during inserts.
/// </summary>
internal sealed class HnswVectorIndex : VectorIndex
{
    private const int QueriesPerTask = 8;

    private readonly VectorStore _store;
    private readonly HnswGraph _graph;
    private readonly HnswIndexOptions _settings;
    private readonly int _seed;
    private readonly VisitedListPool _pool = new();

    private HnswVectorIndex(VectorStore store, HnswGraph graph, DistanceMetric metric, HnswIndexOptions settings, int seed)
    {
        _store = store;
        _graph = graph;
        Metric = metric;
        _settings = settings;
        _seed = seed;
    }

    public override int Count => _graph.Count;

    public override int Dimension => _store.Dimension;

    public override DistanceMetric Metric { get; }

    public override long MemoryBytes => _store.MemoryBytes + _graph.MemoryBytes;

    private protected override VectorIndexOptions RebuildOptions
        => new HnswIndexOptions { M = _settings.M, EfConstruction = _settings.EfConstruction, EfSearch = _settings.EfSearch, Quantization = _settings.Quantization?.Clone() };

    private protected override int RebuildSeed => _seed;

    private int RerankingFactor => _store.CanRerank ? _settings.Quantization!.RerankingFactor : 0;

    /// <summary>Builds the index over validated vectors.</summary>
    public static HnswVectorIndex Create(ReadOnlyMatrixView vectors, DistanceMetric metric, HnswIndexOptions settings, int seed, int threads)
    {
        ReadOnlyMatrixView prepared = MetricVectors.Prepare(vectors, metric);
        bool squaredEuclidean = MetricVectors.IsSquaredEuclidean(metric);
        VectorStore store = settings.Quantization?.CreateStore(prepared, squaredEuclidean, seed, vectors.Rows)
            ?? new FloatVectorStore(vectors.Columns, squaredEuclidean, vectors.Rows);
        var index = new HnswVectorIndex(store, new HnswGraph(settings.M, vectors.Rows), metric, settings, seed);
        index.Insert(prepared, threads);
        return index;
    }

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static HnswVectorIndex LoadState(ModelPayloadReader reader)
    {
        var metric = (DistanceMetric)reader.ReadInt32("the HNSW metric", 0, (int)DistanceMetric.Cosine);
        var settings = new HnswIndexOptions
        {
            M = reader.ReadInt32("the HNSW M", 2, 256),
            EfConstruction = reader.ReadInt32("the HNSW EfConstruction", 1, int.MaxValue),
            EfSearch = reader.ReadInt32("the HNSW EfSearch", 1, int.MaxValue),
        };
        int seed = reader.ReadInt32();
        settings.Quantization = reader.ReadBoolean() ? QuantizationOptions.Load(reader) : null;
        VectorStore store = VectorStore.Load(reader);
        if (store.SquaredEuclidean != MetricVectors.IsSquaredEuclidean(metric) || (store is FloatVectorStore) != (settings.Quantization is null))
        {
            throw reader.Corrupt("the HNSW vector storage does not match its metric or quantization settings");
        }

        HnswGraph graph = HnswGraph.Load(reader, settings.M, store.Count);
        var index = new HnswVectorIndex(store, graph, metric, settings, seed);
        index.ReadRemoved(reader);
        return index;
    }

    internal override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)VectorIndexKind.Hnsw);
        writer.Write((int)Metric);
        writer.Write(_settings.M);
        writer.Write(_settings.EfConstruction);
        writer.Write(_settings.EfSearch);
        writer.Write(_seed);
        writer.Write(_settings.Quantization is not null);
        _settings.Quantization?.Save(writer);
        _store.Save(writer);
        _graph.Save(writer);
        WriteRemoved(writer);
    }

    private protected override void AddCore(ReadOnlyMatrixView vectors) => Insert(MetricVectors.Prepare(vectors, Metric), Environment.ProcessorCount);

    private protected override void CopyVectorCore(int id, Span<float> destination) => _store.CopyVector(id, destination);

    private protected override void SearchCore(ReadOnlyMatrixView queries, Span<int> ids, Span<float> scores, SearchRequest request)
    {
        int k = request.K;
        int ef = Math.Max(request.EfSearch ?? _settings.EfSearch, k);
        int rerank = RerankingFactor > 0 ? checked(k * RerankingFactor) : 0;
        ef = Math.Max(ef, rerank);
        int[] idBuffer = new int[ids.Length];
        float[] scoreBuffer = new float[scores.Length];
        // Entry first, then count (published in the other order), then the arrays: a consistent snapshot, taken before
        // the spaces snapshot the store, so every id below the count is in both.
        (int entry, int level) = _graph.Entry;
        int count = _graph.Count;
        var snapshot = new HnswGraphSnapshot(_graph.Arrays, count, entry, level);
        int[]? allowedIds = BruteForceCandidates(request, ef, count);
        var action = new SearchAction(this, queries, request, ef, rerank, allowedIds, snapshot, idBuffer, scoreBuffer);
        _store.Dispatch(action);
        idBuffer.CopyTo(ids);
        scoreBuffer.CopyTo(scores);
    }

    // Appends prepared vectors to the store, then links them into the graph.
    private void Insert(ReadOnlyMatrixView prepared, int threads)
    {
        int first = _store.Count;
        _store.Reserve(first + prepared.Rows);
        for (int i = 0; i < prepared.Rows; i++)
        {
            _store.Append(prepared.Row(i));
        }

        HnswBuilder.Insert(_graph, _store, prepared, first, _settings.EfConstruction, _seed, threads, _pool);
    }

    // A very selective id-set filter (few allowed ids compared with the work of a graph search) is answered exactly:
    // the allowed ids are scanned directly. Returns them, or null to search the graph.
    private static int[]? BruteForceCandidates(SearchRequest request, int ef, int count)
    {
        SearchFilter? filter = request.Allowance.Filter;
        if (filter is null || filter.AllowedCount < 0 || filter.AllowedCount > Math.Max(8L * ef, count / 50))
        {
            return null;
        }

        var allowed = new List<int>(filter.AllowedCount);
        ulong[] bits = filter.Bits!;
        for (int word = 0; word < bits.Length && word * 64 < count; word++)
        {
            for (ulong value = bits[word]; value != 0; value &= value - 1)
            {
                int id = (word * 64) + System.Numerics.BitOperations.TrailingZeroCount(value);
                if (id < count)
                {
                    allowed.Add(id);
                }
            }
        }

        return [.. allowed];
    }

    private sealed class SearchAction(HnswVectorIndex index, ReadOnlyMatrixView queries, SearchRequest request, int ef, int rerank, int[]? allowedIds, HnswGraphSnapshot snapshot, int[] ids, float[] scores) : IDistanceSpaceAction
    {
        public void Run<TSpace>(ref TSpace space)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            TSpace prototype = space;
            int tasks = (queries.Rows + QueriesPerTask - 1) / QueriesPerTask;
            Parallel.For(
                0,
                tasks,
                new ParallelOptions { MaxDegreeOfParallelism = request.Threads },
                () => new SearchWorker<TSpace>(prototype, index._pool, snapshot.Count, ef, index.Dimension),
                (task, _, worker) =>
                {
                    int end = Math.Min(queries.Rows, (task + 1) * QueriesPerTask);
                    for (int query = task * QueriesPerTask; query < end; query++)
                    {
                        SearchOne(worker, query);
                    }

                    return worker;
                },
                worker => index._pool.Return(worker.Visited));
        }

        private void SearchOne<TSpace>(SearchWorker<TSpace> worker, int query)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            int k = request.K;
            ref TSpace space = ref worker.Space;
            space.SetQuery(MetricVectors.Prepare(queries.Row(query), index.Metric, worker.Prepared));
            Span<int> outIds = ids.AsSpan(query * k, k);
            Span<float> outScores = scores.AsSpan(query * k, k);
            int found = allowedIds is null ? SearchGraph(worker, query) : ScanAllowed(worker, query);
            SearchResults.Write(ref space, index._store, rerank, worker.Keys, worker.Ids, found, outIds, outScores);
        }

        private int SearchGraph<TSpace>(SearchWorker<TSpace> worker, int query)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            HnswGraph graph = index._graph;
            (HnswLinkArrays arrays, int count, int entry, int level) = snapshot;
            if (entry < 0)
            {
                return 0;
            }

            ref TSpace space = ref worker.Space;
            float key = space.Key(entry);
            int start = HnswSearch.Descend(ref space, graph, arrays, count, entry, ref key, level, 0);
            worker.Visited.Reset();
            if (request.IsUnrestricted)
            {
                HnswSearch.SearchLayer(ref space, graph, arrays, count, 0, start, key, ef, worker.Visited, worker.Candidates, worker.Results, worker.Unvisited, default(AdmitAll));
            }
            else
            {
                HnswSearch.SearchLayer(ref space, graph, arrays, count, 0, start, key, ef, worker.Visited, worker.Candidates, worker.Results, worker.Unvisited, new AdmitAllowed(request, query));
            }

            return CandidateSelection.SortedResults(worker.Results, worker.Keys, worker.Ids);
        }

        private int ScanAllowed<TSpace>(SearchWorker<TSpace> worker, int query)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            NeighborHeap results = worker.Results;
            results.Clear();
            foreach (int id in allowedIds!)
            {
                if (request.IsAllowed(query, id))
                {
                    CandidateSelection.Offer(results, ef, worker.Space.Key(id), id);
                }
            }

            return CandidateSelection.SortedResults(results, worker.Keys, worker.Ids);
        }
    }

    /// <summary>Per-task search state.</summary>
    private sealed class SearchWorker<TSpace>
        where TSpace : struct, IDistanceSpace<TSpace>
    {
        public TSpace Space;

        public SearchWorker(TSpace prototype, VisitedListPool pool, int nodes, int ef, int dimension)
        {
            Space = prototype.Fork();
            Visited = pool.Rent(nodes);
            Candidates = new NeighborHeap(ef * 4);
            Results = new NeighborHeap(ef + 1);
            Keys = new float[ef + 1];
            Ids = new int[ef + 1];
            Prepared = new float[dimension];
            Unvisited = new int[(2 * HnswIndexOptions.MaximumM) + 1];
        }

        public int[] Unvisited { get; }

        public VisitedList Visited { get; }

        public NeighborHeap Candidates { get; }

        public NeighborHeap Results { get; }

        public float[] Keys { get; }

        public int[] Ids { get; }

        public float[] Prepared { get; }
    }
}
