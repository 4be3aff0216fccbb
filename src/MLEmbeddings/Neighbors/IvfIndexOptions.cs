using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Inverted-file index (faiss <c>IndexIVFFlat</c>): k-means splits the vectors into <see cref="NumberOfLists"/> lists
/// around trained centroids; a query scans only the <see cref="NumberOfProbes"/> lists whose centroids are nearest.
/// Batches of queries are grouped by list, so each list is scanned once for all the queries that probe it with the
/// fused register-tiled exact search (the same kernel as the flat index). With <see cref="Quantization"/> the lists
/// hold int8 or binary codes instead (faiss <c>IndexIVFScalarQuantizer</c>).
/// </summary>
public sealed class IvfIndexOptions : VectorIndexOptions
{
    /// <summary>
    /// Number of lists (k-means clusters), faiss <c>nlist</c>, in <c>[1, number of vectors]</c>; null (default) uses
    /// <c>round(sqrt(n))</c>. More lists: faster probes, more probes needed for the same recall.
    /// </summary>
    public int? NumberOfLists { get; set; }

    /// <summary>
    /// Lists scanned per query by default, faiss <c>nprobe</c>, in <c>[1, NumberOfLists]</c>; can be changed per call with
    /// <see cref="VectorSearchOptions.NumberOfProbes"/>. Null (default) uses <c>min(8, NumberOfLists)</c>.
    /// </summary>
    public int? NumberOfProbes { get; set; }

    /// <summary>
    /// Rows k-means is trained on (a seeded sample when the data has more), at least <see cref="NumberOfLists"/>; null
    /// (default) uses <c>min(n, 256 * NumberOfLists)</c> (faiss's <c>max_points_per_centroid</c>).
    /// </summary>
    public int? TrainingSampleSize { get; set; }

    /// <summary>Most k-means iterations, at least 1; training stops earlier when no row changes list. Default 20.</summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.IvfKMeansIterations;

    /// <summary>Quantized storage of the vectors in the lists; null (default) keeps full-precision floats.</summary>
    public QuantizationOptions? Quantization { get; set; }

    internal override void Validate()
    {
        if (NumberOfLists is int lists)
        {
            OptionChecks.RequireAtLeast(lists, 1, nameof(NumberOfLists));
        }

        if (NumberOfProbes is int probes)
        {
            OptionChecks.RequireAtLeast(probes, 1, nameof(NumberOfProbes));
            if (NumberOfLists is int listCount && probes > listCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(NumberOfProbes),
                    probes,
                    $"NumberOfProbes is {probes} but NumberOfLists is {listCount}; a query cannot scan more lists than there are. Use NumberOfProbes <= {listCount}.");
            }
        }

        if (TrainingSampleSize is int sample)
        {
            OptionChecks.RequireAtLeast(sample, NumberOfLists ?? 1, nameof(TrainingSampleSize));
        }

        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 1, nameof(MaximumNumberOfIterations));
        Quantization?.Validate();
    }

    internal override VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost? host)
    {
        int n = vectors.Rows;
        if (n == 0)
        {
            throw new ArgumentException("'vectors' has no rows; an IVF index trains its lists on the vectors it indexes, so it needs at least one. Use the flat or HNSW index to start empty.", nameof(vectors));
        }

        int lists = NumberOfLists ?? Math.Clamp((int)Math.Round(Math.Sqrt(n)), 1, n);
        if (lists > n)
        {
            throw new ArgumentException($"NumberOfLists is {lists} but only {n} vectors are indexed; k-means needs at least one vector per list. Use NumberOfLists <= {n}.", nameof(vectors));
        }

        int probes = NumberOfProbes ?? Math.Min(Defaults.IvfNumberOfProbes, lists);
        if (probes > lists)
        {
            throw new ArgumentOutOfRangeException(nameof(vectors), probes, $"NumberOfProbes is {probes} but NumberOfLists is {lists}; a query cannot scan more lists than there are. Use NumberOfProbes <= {lists}.");
        }

        var settings = new IvfIndexOptions
        {
            NumberOfLists = lists,
            NumberOfProbes = probes,
            TrainingSampleSize = Math.Min(n, Math.Max(lists, TrainingSampleSize ?? checked(Defaults.IvfTrainingRowsPerList * lists))),
            MaximumNumberOfIterations = MaximumNumberOfIterations,
            Quantization = Quantization?.Clone(),
        };
        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        IvfVectorIndex index = IvfVectorIndex.Create(vectors, metric, settings, seed, threads);
        host?.Info($"Built an IVF index over {n} vectors ({lists} lists, {probes} probes, {(Quantization is null ? "float" : Quantization.Kind.ToString())} storage, {index.MemoryBytes / n} bytes per vector).");
        return index;
    }
}
