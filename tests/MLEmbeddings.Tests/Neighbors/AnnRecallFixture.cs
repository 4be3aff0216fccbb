using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>
/// Built once for <see cref="AnnRecallTests"/>: 100,000 x 64 seeded clustered vectors (1,000 clusters), 500 queries
/// from the same clusters, the exact top-10 of each query (flat index), an HNSW index (M = 16) and IVF indexes of 316
/// lists with float and int8 storage.
/// </summary>
public sealed class AnnRecallFixture
{
    public const int K = 10;

    public AnnRecallFixture()
    {
        Data = new ReadOnlyMatrixView(AnnTestData.Clustered(100_000, 64, 1000, 0.6f, seed: 1), 100_000, 64);
        Queries = new ReadOnlyMatrixView(AnnTestData.Clustered(500, 64, 1000, 0.6f, seed: 2), 500, 64);
        ExactIds = AnnTestData.ExactIds(Data, Queries, K);
        Hnsw = new HnswIndexOptions { M = 16, EfConstruction = 100, EfSearch = 64 }.Build(Data, DistanceMetric.SquaredEuclidean, seed: 5, maxDegreeOfParallelism: 2);
        Ivf = new IvfIndexOptions { NumberOfLists = 316, NumberOfProbes = 16 }.Build(Data, DistanceMetric.SquaredEuclidean, seed: 5, maxDegreeOfParallelism: 2);
        IvfInt8 = new IvfIndexOptions { NumberOfLists = 316, NumberOfProbes = 16, Quantization = new QuantizationOptions { Kind = QuantizationKind.EightBit } }
            .Build(Data, DistanceMetric.SquaredEuclidean, seed: 5, maxDegreeOfParallelism: 2);
    }

    public ReadOnlyMatrixView Data { get; }

    public ReadOnlyMatrixView Queries { get; }

    public int[] ExactIds { get; }

    public VectorIndex Hnsw { get; }

    public VectorIndex Ivf { get; }

    public VectorIndex IvfInt8 { get; }
}
