using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Exact search over all stored vectors (faiss <c>IndexFlatL2</c> / <c>IndexFlatIP</c>, scikit-learn
/// <c>algorithm='brute'</c>): distances and top-k selection fused in one SIMD pass. No settings; the default index.
/// </summary>
public sealed class FlatIndexOptions : VectorIndexOptions
{
    internal override void Validate()
    {
    }

    internal override VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost host)
        => new FlatVectorIndex(new ExactNearestNeighbors(vectors, metric));
}
