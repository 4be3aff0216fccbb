using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The exact flat index: <see cref="ExactNearestNeighbors"/> behind the <see cref="VectorIndex"/> contract. Removed
/// ids and filters become the allowed-id bitset of <see cref="ExactNearestNeighbors.SearchFiltered"/>.
/// <see cref="VectorIndex.Add"/> is copy-on-write (a new kernel index with the old and new vectors replaces the old
/// one), because the kernel's storage must not grow under a running scan; searches never wait.
/// </summary>
internal sealed class FlatVectorIndex : VectorIndex
{
    private ExactNearestNeighbors _exact;

    public FlatVectorIndex(ExactNearestNeighbors exact) => _exact = exact;

    public override int Count => Volatile.Read(ref _exact).Count;

    public override int Dimension => _exact.Dimension;

    public override DistanceMetric Metric => _exact.Metric;

    public override long MemoryBytes => (long)Count * ((Dimension * sizeof(float)) + sizeof(float));

    private protected override VectorIndexOptions RebuildOptions => new FlatIndexOptions();

    private protected override int RebuildSeed => 0;

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static FlatVectorIndex LoadState(ModelPayloadReader reader)
    {
        var metric = (DistanceMetric)reader.ReadInt32("the flat index metric", 0, (int)DistanceMetric.Cosine);
        DenseMatrix stored = reader.ReadDenseMatrix();
        var index = new FlatVectorIndex(ExactNearestNeighbors.FromStoredVectors(stored.AsView(), metric));
        index.ReadRemoved(reader);
        return index;
    }

    internal override void Save(ModelPayloadWriter writer)
    {
        writer.Write((int)VectorIndexKind.Flat);
        writer.Write((int)Metric);
        var stored = new float[checked(Count * Dimension)];
        for (int id = 0; id < Count; id++)
        {
            _exact.CopyVector(id, stored.AsSpan(id * Dimension, Dimension));
        }

        writer.Write(DenseMatrix.TakeOwnership(stored, Count, Dimension));
        WriteRemoved(writer);
    }

    private protected override void AddCore(ReadOnlyMatrixView vectors)
    {
        ExactNearestNeighbors current = _exact;
        var stored = new float[checked(current.Count * Dimension)];
        for (int id = 0; id < current.Count; id++)
        {
            current.CopyVector(id, stored.AsSpan(id * Dimension, Dimension));
        }

        ExactNearestNeighbors next = ExactNearestNeighbors.FromStoredVectors(new ReadOnlyMatrixView(stored, current.Count, Dimension), Metric);
        next.Add(vectors);
        Volatile.Write(ref _exact, next);
    }

    private protected override void CopyVectorCore(int id, Span<float> destination) => _exact.CopyVector(id, destination);

    private protected override void SearchCore(ReadOnlyMatrixView queries, Span<int> ids, Span<float> scores, SearchRequest request)
    {
        ExactNearestNeighbors exact = Volatile.Read(ref _exact);
        if (request.Allowance.IsUnrestricted)
        {
            exact.Search(queries, request.K, ids, scores, request.ExcludedIds, request.Threads);
        }
        else
        {
            exact.SearchFiltered(queries, request.K, request.Allowance.ToBitset(exact.Count), ids, scores, request.ExcludedIds, request.Threads);
        }
    }
}
