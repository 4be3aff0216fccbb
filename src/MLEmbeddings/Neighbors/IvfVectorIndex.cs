using System.Buffers;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// IVF behind the <see cref="VectorIndex"/> contract: a k-means coarse quantizer (<see cref="KMeansClustering"/>,
/// centroids searched with <see cref="ExactNearestNeighbors"/>) and inverted lists (<see cref="IvfLayout"/>).
/// </summary>
/// <remarks>
/// Full precision: a batch of queries first finds its probed lists, then the (query, list) pairs are grouped by list
/// and each list runs the fused exact search once for all its queries (one list per task); each query's per-list top-k
/// runs are merged by (key, id). Quantized: each query scans its lists' codes with the code kernels and keeps the best
/// in a heap, then re-ranks on full precision. Inserts build a new layout (copy-on-write for the lists they touch), so
/// searches never wait.
/// </remarks>
internal sealed class IvfVectorIndex : VectorIndex
{
    private const int QueryChunk = 4096;
    private const int SelectivitySamples = 1024;

    private readonly DenseMatrix _centroids;
    private readonly ExactNearestNeighbors _coarse;
    private readonly VectorStore? _store;
    private readonly IvfIndexOptions _settings;
    private readonly int _seed;
    private IvfLayout _layout;

    private IvfVectorIndex(DenseMatrix centroids, VectorStore? store, IvfLayout layout, DistanceMetric metric, IvfIndexOptions settings, int seed)
    {
        _centroids = centroids;
        _coarse = new ExactNearestNeighbors(centroids.AsView(), metric);
        _store = store;
        _layout = layout;
        Metric = metric;
        _settings = settings;
        _seed = seed;
    }

    public override int Count => Volatile.Read(ref _layout).Count;

    public override int Dimension => _centroids.Columns;

    public override DistanceMetric Metric { get; }

    /// <summary>Number of lists.</summary>
    public int ListCount => _centroids.Rows;

    public override long MemoryBytes
    {
        get
        {
            IvfLayout layout = Volatile.Read(ref _layout);
            long vectors = _store?.MemoryBytes ?? ((long)layout.Count * ((Dimension * sizeof(float)) + sizeof(float)));
            return vectors + ((long)layout.Count * 3 * sizeof(int)) + ((long)_centroids.Rows * Dimension * sizeof(float));
        }
    }

    private protected override VectorIndexOptions RebuildOptions => new IvfIndexOptions
    {
        NumberOfLists = _settings.NumberOfLists,
        NumberOfProbes = _settings.NumberOfProbes,
        TrainingSampleSize = _settings.TrainingSampleSize,
        MaximumNumberOfIterations = _settings.MaximumNumberOfIterations,
        Quantization = _settings.Quantization?.Clone(),
    };

    private protected override int RebuildSeed => _seed;

    private int Probes => _settings.NumberOfProbes!.Value;

    /// <summary>Trains the coarse quantizer (and the codes) and indexes every vector; <paramref name="settings"/> has every size resolved.</summary>
    public static IvfVectorIndex Create(ReadOnlyMatrixView vectors, DistanceMetric metric, IvfIndexOptions settings, int seed, int threads)
    {
        ReadOnlyMatrixView prepared = MetricVectors.Prepare(vectors, metric);
        int lists = settings.NumberOfLists!.Value;
        int sampleSize = settings.TrainingSampleSize!.Value;
        int[] order = Enumerable.Range(0, prepared.Rows).ToArray();
        var random = new Random(seed);
        var sample = new float[checked(sampleSize * prepared.Columns)];
        for (int i = 0; i < sampleSize; i++)
        {
            int j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
            prepared.Row(order[i]).CopyTo(sample.AsSpan(i * prepared.Columns, prepared.Columns));
        }

        DenseMatrix centroids = KMeansClustering.Train(new ReadOnlyMatrixView(sample, sampleSize, prepared.Columns), lists, settings.MaximumNumberOfIterations, seed, threads);
        VectorStore? store = settings.Quantization?.CreateStore(prepared, MetricVectors.IsSquaredEuclidean(metric), seed, vectors.Rows);
        ExactNearestNeighbors[]? floatLists = store is null
            ? Enumerable.Range(0, lists).Select(_ => new ExactNearestNeighbors(new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, prepared.Columns), metric)).ToArray()
            : null;
        var empty = new IvfLayout(floatLists, Enumerable.Range(0, lists).Select(_ => Array.Empty<int>()).ToArray(), [], [], 0);
        var index = new IvfVectorIndex(centroids, store, empty, metric, settings, seed);
        index.Insert(prepared, threads);
        return index;
    }

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static IvfVectorIndex LoadState(ModelPayloadReader reader)
    {
        var metric = (DistanceMetric)reader.ReadInt32("the IVF metric", 0, (int)DistanceMetric.Cosine);
        int seed = reader.ReadInt32();
        int lists = reader.ReadInt32("the IVF list count", 1, int.MaxValue);
        var settings = new IvfIndexOptions
        {
            NumberOfLists = lists,
            NumberOfProbes = reader.ReadInt32("the IVF probe count", 1, lists),
            TrainingSampleSize = reader.ReadInt32("the IVF training sample size", lists, int.MaxValue),
            MaximumNumberOfIterations = reader.ReadInt32("the k-means iteration limit", 1, int.MaxValue),
            Quantization = reader.ReadBoolean() ? QuantizationOptions.Load(reader) : null,
        };
        DenseMatrix centroids = reader.ReadDenseMatrix();
        if (centroids.Rows != lists || centroids.Columns < 1)
        {
            throw reader.Corrupt($"the IVF index has {centroids.Rows} centroids of dimension {centroids.Columns} for {lists} lists");
        }

        VectorStore? store = settings.Quantization is null ? null : VectorStore.Load(reader);
        if (store is not null && (store is FloatVectorStore || store.Dimension != centroids.Columns || store.SquaredEuclidean != MetricVectors.IsSquaredEuclidean(metric)))
        {
            throw reader.Corrupt("the IVF code storage does not match the centroids or the metric");
        }

        var listIds = new int[lists][];
        ExactNearestNeighbors[]? floatLists = store is null ? new ExactNearestNeighbors[lists] : null;
        long total = 0;
        for (int list = 0; list < lists; list++)
        {
            listIds[list] = reader.ReadInt32s();
            total += listIds[list].Length;
            if (floatLists is not null)
            {
                DenseMatrix vectors = reader.ReadDenseMatrix();
                if (vectors.Rows != listIds[list].Length || vectors.Columns != centroids.Columns)
                {
                    throw reader.Corrupt($"IVF list {list} holds {vectors.Rows} vectors of dimension {vectors.Columns} for {listIds[list].Length} ids");
                }

                floatLists[list] = ExactNearestNeighbors.FromStoredVectors(vectors.AsView(), metric);
            }
        }

        if (total > int.MaxValue || (store is not null && store.Count != total))
        {
            throw reader.Corrupt($"the IVF lists hold {total} ids but the storage {store?.Count} vectors");
        }

        int count = (int)total;
        var listOf = new int[count];
        var positionOf = new int[count];
        listOf.AsSpan().Fill(-1);
        for (int list = 0; list < lists; list++)
        {
            for (int position = 0; position < listIds[list].Length; position++)
            {
                int id = listIds[list][position];
                if ((uint)id >= (uint)count || listOf[id] >= 0)
                {
                    throw reader.Corrupt($"IVF list {list} holds id {id}, out of range or also in another list");
                }

                listOf[id] = list;
                positionOf[id] = position;
            }
        }

        var index = new IvfVectorIndex(centroids, store, new IvfLayout(floatLists, listIds, listOf, positionOf, count), metric, settings, seed);
        index.ReadRemoved(reader);
        return index;
    }

    internal override void Save(ModelPayloadWriter writer)
    {
        IvfLayout layout = Volatile.Read(ref _layout);
        writer.Write((int)VectorIndexKind.Ivf);
        writer.Write((int)Metric);
        writer.Write(_seed);
        writer.Write(ListCount);
        writer.Write(Probes);
        writer.Write(_settings.TrainingSampleSize!.Value);
        writer.Write(_settings.MaximumNumberOfIterations);
        writer.Write(_settings.Quantization is not null);
        _settings.Quantization?.Save(writer);
        writer.Write(_centroids);
        _store?.Save(writer);
        for (int list = 0; list < ListCount; list++)
        {
            writer.Write(layout.ListIds[list]);
            if (layout.FloatLists is not null)
            {
                ExactNearestNeighbors exact = layout.FloatLists[list];
                var stored = new float[checked(exact.Count * Dimension)];
                for (int position = 0; position < exact.Count; position++)
                {
                    exact.CopyVector(position, stored.AsSpan(position * Dimension, Dimension));
                }

                writer.Write(DenseMatrix.TakeOwnership(stored, exact.Count, Dimension));
            }
        }

        WriteRemoved(writer);
    }

    private protected override void ValidateSearchSettings(VectorSearchOptions options)
    {
        if (options.NumberOfProbes is int probes && (probes < 1 || probes > ListCount))
        {
            throw new ArgumentOutOfRangeException(nameof(options), probes, $"NumberOfProbes is {probes} but the index has {ListCount} lists; use a value in [1, {ListCount}].");
        }
    }

    private protected override void AddCore(ReadOnlyMatrixView vectors) => Insert(MetricVectors.Prepare(vectors, Metric), Environment.ProcessorCount);

    private protected override void CopyVectorCore(int id, Span<float> destination)
    {
        if (_store is not null)
        {
            _store.CopyVector(id, destination);
            return;
        }

        IvfLayout layout = Volatile.Read(ref _layout);
        layout.FloatLists![layout.ListOf[id]].CopyVector(layout.PositionOf[id], destination);
    }

    private protected override void SearchCore(ReadOnlyMatrixView queries, Span<int> ids, Span<float> scores, SearchRequest request)
    {
        IvfLayout layout = Volatile.Read(ref _layout);
        int probes = ProbesFor(request, layout.Count);
        int k = request.K;
        for (int start = 0; start < queries.Rows; start += QueryChunk)
        {
            int rows = Math.Min(QueryChunk, queries.Rows - start);
            ReadOnlyMatrixView chunk = queries.SliceRows(start, rows);
            var probed = new int[rows * probes];
            var probeScores = new float[rows * probes];
            _coarse.Search(chunk, probes, probed, probeScores, maxDegreeOfParallelism: request.Threads);
            Span<int> chunkIds = ids.Slice(start * k, rows * k);
            Span<float> chunkScores = scores.Slice(start * k, rows * k);
            if (layout.FloatLists is not null)
            {
                SearchFloatLists(layout, chunk, start, probed, probes, request, chunkIds, chunkScores);
            }
            else
            {
                SearchCodes(layout, chunk, start, probed, probes, request, chunkIds, chunkScores);
            }
        }
    }

    // With a filter or removed ids, fewer vectors per list may be returned, so the search scans proportionally more
    // lists: probes / (share of allowed ids), estimated on up to 1,024 evenly spaced ids, capped at all lists. About as
    // many allowed vectors are then compared as an unfiltered search compares.
    private int ProbesFor(SearchRequest request, int count)
    {
        int probes = request.NumberOfProbes ?? Probes;
        if (request.Allowance.IsUnrestricted || count == 0)
        {
            return probes;
        }

        int samples = Math.Min(count, SelectivitySamples);
        int allowed = 0;
        for (int i = 0; i < samples; i++)
        {
            allowed += request.Allowance.IsAllowed((int)((long)i * count / samples)) ? 1 : 0;
        }

        double share = Math.Max(allowed, 1) / (double)samples;
        return (int)Math.Min(ListCount, Math.Ceiling(probes / share));
    }

    // Groups the (query, probe) pairs by list, runs the fused exact search once per list, then merges per query.
    private void SearchFloatLists(IvfLayout layout, ReadOnlyMatrixView queries, int firstQuery, int[] probed, int probes, SearchRequest request, Span<int> ids, Span<float> scores)
    {
        int rows = queries.Rows;
        int k = request.K;
        int lists = ListCount;
        var starts = new int[lists + 1];
        foreach (int list in probed)
        {
            starts[list + 1]++;
        }

        for (int list = 0; list < lists; list++)
        {
            starts[list + 1] += starts[list];
        }

        var pairs = new int[probed.Length];
        var fill = starts.AsSpan(0, lists).ToArray();
        for (int p = 0; p < probed.Length; p++)
        {
            pairs[fill[probed[p]]++] = p;
        }

        var runKeys = new float[checked(probed.Length * k)];
        var runIds = new int[runKeys.Length];
        bool squaredEuclidean = MetricVectors.IsSquaredEuclidean(Metric);
        int dimension = Dimension;
        Parallel.For(0, lists, new ParallelOptions { MaxDegreeOfParallelism = request.Threads }, list =>
        {
            int from = starts[list];
            int count = starts[list + 1] - from;
            ExactNearestNeighbors exact = layout.FloatLists![list];
            int[] members = layout.ListIds[list];
            if (count == 0)
            {
                return;
            }

            float[] block = ArrayPool<float>.Shared.Rent(count * dimension);
            int[] localIds = ArrayPool<int>.Shared.Rent(count * k);
            float[] localScores = ArrayPool<float>.Shared.Rent(count * k);
            int[]? excluded = request.ExcludedIds is null ? null : ArrayPool<int>.Shared.Rent(count);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    int query = pairs[from + i] / probes;
                    queries.Row(query).CopyTo(block.AsSpan(i * dimension, dimension));
                    if (excluded is not null)
                    {
                        int id = request.ExcludedIds![firstQuery + query];
                        excluded[i] = id >= 0 && id < layout.Count && layout.ListOf[id] == list ? layout.PositionOf[id] : -1;
                    }
                }

                var view = new ReadOnlyMatrixView(block, count, dimension);
                Span<int> foundIds = localIds.AsSpan(0, count * k);
                Span<float> foundScores = localScores.AsSpan(0, count * k);
                ReadOnlySpan<int> excludedSpan = excluded is null ? default : excluded.AsSpan(0, count);
                if (members.Length == 0)
                {
                    foundIds.Fill(-1);
                }
                else if (request.Allowance.IsUnrestricted)
                {
                    exact.Search(view, k, foundIds, foundScores, excludedSpan, 1);
                }
                else
                {
                    var allowed = new ulong[(members.Length + 63) / 64];
                    for (int position = 0; position < members.Length; position++)
                    {
                        if (request.Allowance.IsAllowed(members[position]))
                        {
                            allowed[position >> 6] |= 1UL << (position & 63);
                        }
                    }

                    exact.SearchFiltered(view, k, allowed, foundIds, foundScores, excludedSpan, 1);
                }

                for (int i = 0; i < count; i++)
                {
                    int pair = pairs[from + i];
                    for (int j = 0; j < k; j++)
                    {
                        int local = foundIds[(i * k) + j];
                        runIds[(pair * k) + j] = local < 0 ? -1 : members[local];
                        float score = foundScores[(i * k) + j];
                        runKeys[(pair * k) + j] = local < 0 ? float.PositiveInfinity : squaredEuclidean ? score : -score;
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(block);
                ArrayPool<int>.Shared.Return(localIds);
                ArrayPool<float>.Shared.Return(localScores);
                if (excluded is not null)
                {
                    ArrayPool<int>.Shared.Return(excluded);
                }
            }
        });

        int[] outIds = new int[rows * k];
        float[] outScores = new float[rows * k];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = request.Threads }, query =>
        {
            int length = probes * k;
            Span<float> keys = runKeys.AsSpan(query * length, length);
            Span<int> candidates = runIds.AsSpan(query * length, length);
            CandidateSelection.SortByKeyThenId(keys, candidates);
            for (int j = 0; j < k; j++)
            {
                bool missing = candidates[j] < 0;
                outIds[(query * k) + j] = missing ? -1 : candidates[j];
                outScores[(query * k) + j] = missing ? (squaredEuclidean ? float.PositiveInfinity : float.NegativeInfinity) : squaredEuclidean ? keys[j] : -keys[j];
            }
        });

        outIds.CopyTo(ids);
        outScores.CopyTo(scores);
    }

    // Scans each query's probed lists over the codes, keeping the best in a heap, then re-ranks.
    private void SearchCodes(IvfLayout layout, ReadOnlyMatrixView queries, int firstQuery, int[] probed, int probes, SearchRequest request, Span<int> ids, Span<float> scores)
    {
        int k = request.K;
        int rerank = _store!.CanRerank ? checked(k * _settings.Quantization!.RerankingFactor) : 0;
        var outIds = new int[queries.Rows * k];
        var outScores = new float[outIds.Length];
        _store.Dispatch(new CodeScanAction(this, layout, queries, firstQuery, probed, probes, request, Math.Max(k, rerank), rerank, outIds, outScores));
        outIds.CopyTo(ids);
        outScores.CopyTo(scores);
    }

    // Assigns prepared vectors to lists and publishes a new layout (copy-on-write of the lists they join).
    private void Insert(ReadOnlyMatrixView prepared, int threads)
    {
        IvfLayout old = _layout;
        int first = old.Count;
        int added = prepared.Rows;
        var assigned = new int[added];
        var distances = new float[added];
        _coarse.Search(prepared, 1, assigned, distances, maxDegreeOfParallelism: threads);
        int lists = ListCount;
        var joining = new List<int>[lists];
        for (int i = 0; i < added; i++)
        {
            (joining[assigned[i]] ??= []).Add(i);
        }

        if (_store is not null)
        {
            _store.Reserve(first + added);
            for (int i = 0; i < added; i++)
            {
                _store.Append(prepared.Row(i));
            }
        }

        int total = checked(first + added);
        var listIds = (int[][])old.ListIds.Clone();
        var floatLists = (ExactNearestNeighbors[]?)old.FloatLists?.Clone();
        var listOf = new int[total];
        var positionOf = new int[total];
        old.ListOf.CopyTo(listOf, 0);
        old.PositionOf.CopyTo(positionOf, 0);
        Parallel.For(0, lists, new ParallelOptions { MaxDegreeOfParallelism = threads }, list =>
        {
            List<int>? rows = joining[list];
            if (rows is null)
            {
                return;
            }

            int[] previous = old.ListIds[list];
            var members = new int[previous.Length + rows.Count];
            previous.CopyTo(members, 0);
            for (int r = 0; r < rows.Count; r++)
            {
                int id = first + rows[r];
                members[previous.Length + r] = id;
                listOf[id] = list;
                positionOf[id] = previous.Length + r;
            }

            listIds[list] = members;
            if (floatLists is not null)
            {
                ExactNearestNeighbors current = floatLists[list];
                int dimension = prepared.Columns;
                var values = new float[checked(members.Length * dimension)];
                for (int p = 0; p < previous.Length; p++)
                {
                    current.CopyVector(p, values.AsSpan(p * dimension, dimension));
                }

                for (int r = 0; r < rows.Count; r++)
                {
                    prepared.Row(rows[r]).CopyTo(values.AsSpan((previous.Length + r) * dimension, dimension));
                }

                floatLists[list] = ExactNearestNeighbors.FromStoredVectors(new ReadOnlyMatrixView(values, members.Length, dimension), Metric);
            }
        });

        Volatile.Write(ref _layout, new IvfLayout(floatLists, listIds, listOf, positionOf, total));
    }

    private sealed class CodeScanAction(IvfVectorIndex index, IvfLayout layout, ReadOnlyMatrixView queries, int firstQuery, int[] probed, int probes, SearchRequest request, int keep, int rerank, int[] ids, float[] scores) : IDistanceSpaceAction
    {
        public void Run<TSpace>(ref TSpace space)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            TSpace prototype = space;
            int k = request.K;
            Parallel.For(
                0,
                queries.Rows,
                new ParallelOptions { MaxDegreeOfParallelism = request.Threads },
                () => (Space: prototype.Fork(), Results: new NeighborHeap(keep + 1), Keys: new float[keep + 1], Ids: new int[keep + 1], Prepared: new float[index.Dimension]),
                (query, _, worker) =>
                {
                    worker.Space.SetQuery(MetricVectors.Prepare(queries.Row(query), index.Metric, worker.Prepared));
                    worker.Results.Clear();
                    int global = firstQuery + query;
                    for (int p = 0; p < probes; p++)
                    {
                        foreach (int id in layout.ListIds[probed[(query * probes) + p]])
                        {
                            if (request.IsUnrestricted || request.IsAllowed(global, id))
                            {
                                CandidateSelection.Offer(worker.Results, keep, worker.Space.Key(id), id);
                            }
                        }
                    }

                    int found = CandidateSelection.SortedResults(worker.Results, worker.Keys, worker.Ids);
                    SearchResults.Write(ref worker.Space, index._store!, rerank, worker.Keys, worker.Ids, found, ids.AsSpan(query * k, k), scores.AsSpan(query * k, k));
                    return worker;
                },
                _ => { });
        }
    }
}
