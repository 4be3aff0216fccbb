using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Exhaustive scan over quantized codes (faiss <c>IndexScalarQuantizer</c> / <c>IndexBinaryFlat</c>, with
/// <c>IndexRefineFlat</c> when re-ranking): each query is compared with every code, the best candidates kept in a
/// bounded heap and, when a full-precision copy is kept, re-scored exactly.
/// </summary>
internal sealed class QuantizedFlatVectorIndex : VectorIndex
{
    private const int QueriesPerTask = 4;

    private readonly VectorStore _store;
    private readonly QuantizationOptions _quantization;
    private readonly int _seed;

    private QuantizedFlatVectorIndex(VectorStore store, DistanceMetric metric, QuantizationOptions quantization, int seed)
    {
        _store = store;
        Metric = metric;
        _quantization = quantization;
        _seed = seed;
    }

    public override int Count => _store.Count;

    public override int Dimension => _store.Dimension;

    public override DistanceMetric Metric { get; }

    public override long MemoryBytes => _store.MemoryBytes;

    private protected override VectorIndexOptions RebuildOptions => new FlatIndexOptions { Quantization = _quantization.Clone() };

    private protected override int RebuildSeed => _seed;

    /// <summary>Trains the codes and stores every vector.</summary>
    public static QuantizedFlatVectorIndex Create(ReadOnlyMatrixView vectors, DistanceMetric metric, QuantizationOptions quantization, int seed)
    {
        ReadOnlyMatrixView prepared = MetricVectors.Prepare(vectors, metric);
        VectorStore store = quantization.CreateStore(prepared, MetricVectors.IsSquaredEuclidean(metric), seed, vectors.Rows);
        var index = new QuantizedFlatVectorIndex(store, metric, quantization, seed);
        index.AddPrepared(prepared);
        return index;
    }

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static QuantizedFlatVectorIndex LoadState(ModelPayloadReader reader)
    {
        var metric = (DistanceMetric)reader.ReadInt32("the index metric", 0, (int)DistanceMetric.Cosine);
        int seed = reader.ReadInt32();
        QuantizationOptions quantization = QuantizationOptions.Load(reader);
        VectorStore store = VectorStore.Load(reader);
        if (store is FloatVectorStore || store.SquaredEuclidean != MetricVectors.IsSquaredEuclidean(metric))
        {
            throw reader.Corrupt("the quantized flat index's storage does not match its metric");
        }

        var index = new QuantizedFlatVectorIndex(store, metric, quantization, seed);
        index.ReadRemoved(reader);
        return index;
    }

    internal override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)VectorIndexKind.QuantizedFlat);
        writer.Write((int)Metric);
        writer.Write(_seed);
        _quantization.Save(writer);
        _store.Save(writer);
        WriteRemoved(writer);
    }

    private protected override void AddCore(ReadOnlyMatrixView vectors) => AddPrepared(MetricVectors.Prepare(vectors, Metric));

    private protected override void CopyVectorCore(int id, Span<float> destination) => _store.CopyVector(id, destination);

    private protected override void SearchCore(ReadOnlyMatrixView queries, Span<int> ids, Span<float> scores, SearchRequest request)
    {
        int count = Count;
        int rerank = _store.CanRerank ? checked(request.K * _quantization.RerankingFactor) : 0;
        var idBuffer = new int[ids.Length];
        var scoreBuffer = new float[scores.Length];
        var action = new ScanAction(this, queries, request, count, Math.Max(request.K, rerank), rerank, idBuffer, scoreBuffer);
        _store.Dispatch(action);
        idBuffer.CopyTo(ids);
        scoreBuffer.CopyTo(scores);
    }

    private void AddPrepared(ReadOnlyMatrixView prepared)
    {
        _store.Reserve(_store.Count + prepared.Rows);
        for (int i = 0; i < prepared.Rows; i++)
        {
            _store.Append(prepared.Row(i));
        }
    }

    private sealed class ScanAction(QuantizedFlatVectorIndex index, ReadOnlyMatrixView queries, SearchRequest request, int count, int keep, int rerank, int[] ids, float[] scores) : IDistanceSpaceAction
    {
        public void Run<TSpace>(ref TSpace space)
            where TSpace : struct, IDistanceSpace<TSpace>
        {
            TSpace prototype = space;
            int k = request.K;
            int tasks = (queries.Rows + QueriesPerTask - 1) / QueriesPerTask;
            Parallel.For(
                0,
                tasks,
                new ParallelOptions { MaxDegreeOfParallelism = request.Threads },
                () => (Space: prototype.Fork(), Results: new NeighborHeap(keep + 1), Keys: new float[keep + 1], Ids: new int[keep + 1], Prepared: new float[index.Dimension]),
                (task, _, worker) =>
                {
                    int end = Math.Min(queries.Rows, (task + 1) * QueriesPerTask);
                    for (int query = task * QueriesPerTask; query < end; query++)
                    {
                        worker.Space.SetQuery(MetricVectors.Prepare(queries.Row(query), index.Metric, worker.Prepared));
                        worker.Results.Clear();
                        bool unrestricted = request.IsUnrestricted;
                        for (int id = 0; id < count; id++)
                        {
                            if (unrestricted || request.IsAllowed(query, id))
                            {
                                CandidateSelection.Offer(worker.Results, keep, worker.Space.Key(id), id);
                            }
                        }

                        int found = CandidateSelection.SortedResults(worker.Results, worker.Keys, worker.Ids);
                        SearchResults.Write(ref worker.Space, index._store, rerank, worker.Keys, worker.Ids, found, ids.AsSpan(query * k, k), scores.AsSpan(query * k, k));
                    }

                    return worker;
                },
                _ => { });
        }
    }
}
