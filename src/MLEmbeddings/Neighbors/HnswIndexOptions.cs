using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Hierarchical navigable small-world graph (Malkov and Yashunin; hnswlib, faiss <c>IndexHNSWFlat</c>): approximate
/// search in roughly logarithmic time. Each vector is a node linked to about <see cref="M"/> neighbours per level
/// (twice as many on the bottom level); a search descends greedily from the top level and then explores the bottom
/// level keeping <see cref="EfSearch"/> candidates. The build is multithreaded and gives the same graph for every
/// thread count and the same seed.
/// </summary>
public sealed class HnswIndexOptions : VectorIndexOptions
{
    /// <summary>The largest accepted <see cref="M"/>.</summary>
    internal const int MaximumM = 256;

    /// <summary>
    /// Neighbours per node and level, M, in <c>[2, 256]</c>; the bottom level keeps up to <c>2 M</c>. Larger M: better
    /// recall at high accuracy, more memory (<c>8 M</c> bytes per vector) and slower build. Default 16 (hnswlib <c>M</c>).
    /// </summary>
    public int M { get; set; } = Defaults.HnswM;

    /// <summary>
    /// Candidates kept while linking a new node, at least 1 (hnswlib <c>ef_construction</c>, faiss <c>efConstruction</c>).
    /// Larger builds a better graph, more slowly. Default 200.
    /// </summary>
    public int EfConstruction { get; set; } = Defaults.HnswEfConstruction;

    /// <summary>
    /// Candidates kept while searching, the default for every search (hnswlib <c>ef</c>, faiss <c>efSearch</c>); can be
    /// changed per call with <see cref="VectorSearchOptions.EfSearch"/>. At least 1 and at least the number of neighbours
    /// a component asks for. Larger is slower and more accurate. Default 64.
    /// </summary>
    public int EfSearch { get; set; } = Defaults.HnswEfSearch;

    /// <summary>Quantized storage of the vectors; null (default) keeps full-precision floats.</summary>
    public QuantizationOptions? Quantization { get; set; }

    internal override void Validate()
    {
        if (M < 2 || M > MaximumM)
        {
            throw new ArgumentOutOfRangeException(nameof(M), M, $"M must be in [2, 256] (neighbours per node and level); got {M}. Use 8-64; 16 is the usual choice.");
        }

        OptionChecks.RequireAtLeast(EfConstruction, 1, nameof(EfConstruction));
        OptionChecks.RequireAtLeast(EfSearch, 1, nameof(EfSearch));
        Quantization?.Validate();
    }

    internal override void ValidateNeighborCount(int numberOfNeighbors)
    {
        if (EfSearch < numberOfNeighbors)
        {
            throw new ArgumentOutOfRangeException(
                nameof(numberOfNeighbors),
                numberOfNeighbors,
                $"EfSearch is {EfSearch} but NumberOfNeighbors (k) is {numberOfNeighbors}; EfSearch must be at least k, because the search keeps EfSearch candidates and returns the best k of them. Raise EfSearch or lower NumberOfNeighbors.");
        }
    }

    internal override VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost? host)
    {
        var settings = new HnswIndexOptions { M = M, EfConstruction = EfConstruction, EfSearch = EfSearch, Quantization = Quantization?.Clone() };
        var index = HnswVectorIndex.Create(vectors, metric, settings, seed, maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism);
        host?.Info($"Built an HNSW graph over {index.Count} vectors (M = {M}, EfConstruction = {EfConstruction}, {(Quantization is null ? "float" : Quantization.Kind.ToString())} storage, {index.MemoryBytes / Math.Max(1, index.Count)} bytes per vector).");
        return index;
    }
}
