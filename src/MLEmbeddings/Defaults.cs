namespace MLEmbeddings;

/// <summary>Default values of the components' options, in one place.</summary>
public static class Defaults
{
    /// <summary>Default number of leading values kept by <c>TruncateEmbedding</c>: 256.</summary>
    public const int TruncateEmbeddingDimension = 256;

    /// <summary>Whether <c>TruncateEmbedding</c> re-normalises to unit L2 norm by default: true.</summary>
    public const bool TruncateEmbeddingNormalize = true;

    /// <summary>Default label column of the supervised components: "Label".</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Default feature column: "Features".</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>Default number of neighbours of the k-NN classifier: 5 (scikit-learn's <c>n_neighbors</c> default).</summary>
    public const int NumberOfNeighbors = 5;

    /// <summary>Default number of neighbours returned by the nearest-neighbour search transform: 10.</summary>
    public const int SearchNumberOfNeighbors = 10;

    /// <summary>Default softmax temperature of the neighbour and centroid classifiers: 1.</summary>
    public const float Temperature = 1f;

    /// <summary>Default number of rows scored per kernel call by the neighbour components: 1024.</summary>
    public const int NeighborBatchSize = 1024;

    /// <summary>Default output column of the search transform holding neighbour row numbers: "NeighborIds".</summary>
    public const string NeighborIdsColumnName = "NeighborIds";

    /// <summary>Default output column of the search transform holding neighbour scores: "NeighborScores".</summary>
    public const string NeighborScoresColumnName = "NeighborScores";

    /// <summary>Default thread limit: -1, all cores.</summary>
    public const int MaxDegreeOfParallelism = -1;

    /// <summary>Default HNSW neighbours per node and level, M: 16 (hnswlib's usual setting; faiss <c>IndexHNSWFlat(d, 16)</c>).</summary>
    public const int HnswM = 16;

    /// <summary>Default HNSW construction candidate-list size: 200 (hnswlib <c>ef_construction</c> default).</summary>
    public const int HnswEfConstruction = 200;

    /// <summary>Default HNSW search candidate-list size: 64.</summary>
    public const int HnswEfSearch = 64;

    /// <summary>Default IVF lists probed per query when not set: 8 (at most the number of lists).</summary>
    public const int IvfNumberOfProbes = 8;

    /// <summary>Default training rows per IVF list when the sample size is not set: 256 (faiss <c>max_points_per_centroid</c>).</summary>
    public const int IvfTrainingRowsPerList = 256;

    /// <summary>Default k-means iterations of the IVF coarse quantizer: 20.</summary>
    public const int IvfKMeansIterations = 20;

    /// <summary>Default re-ranking factor of quantized storage: 4 (the best <c>4 k</c> candidates are re-scored on full precision; faiss <c>IndexRefine k_factor</c>).</summary>
    public const int QuantizationRerankingFactor = 4;

    /// <summary>Default number of rows the quantizer's ranges or means are trained on: 65,536.</summary>
    public const int QuantizationTrainingSampleSize = 65536;
}
