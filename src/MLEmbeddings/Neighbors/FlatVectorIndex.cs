using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>The exact flat index: <see cref="ExactNearestNeighbors"/> behind the <see cref="VectorIndex"/> contract.</summary>
internal sealed class FlatVectorIndex : VectorIndex
{
    private readonly ExactNearestNeighbors _exact;

    public FlatVectorIndex(ExactNearestNeighbors exact) => _exact = exact;

    public override int Count => _exact.Count;

    public override int Dimension => _exact.Dimension;

    public override DistanceMetric Metric => _exact.Metric;

    public override void Add(ReadOnlyMatrixView vectors) => _exact.Add(vectors);

    public override void CopyVector(int id, Span<float> destination) => _exact.CopyVector(id, destination);

    public override void Search(ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excludedIds = default, int maxDegreeOfParallelism = -1)
        => _exact.Search(queries, k, ids, scores, excludedIds, maxDegreeOfParallelism);

    /// <summary>Reads the state written by <see cref="Save"/> after the kind tag.</summary>
    public static FlatVectorIndex LoadState(ModelPayloadReader reader)
    {
        var metric = (DistanceMetric)reader.ReadInt32("the flat index metric", 0, (int)DistanceMetric.Cosine);
        DenseMatrix stored = reader.ReadDenseMatrix();
        return new FlatVectorIndex(ExactNearestNeighbors.FromStoredVectors(stored.AsView(), metric));
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
    }
}
