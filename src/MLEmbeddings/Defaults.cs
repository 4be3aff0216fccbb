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

    /// <summary>Default rank (number of components) of non-negative matrix factorization: 10.</summary>
    public const int NonNegativeMatrixFactorizationRank = 10;

    /// <summary>Default iteration limit of non-negative matrix factorization: 200 (scikit-learn's <c>max_iter</c> default).</summary>
    public const int NonNegativeMatrixFactorizationMaximumIterations = 200;

    /// <summary>Default tolerance of non-negative matrix factorization: 1e-4 (scikit-learn's <c>tol</c> default).</summary>
    public const float NonNegativeMatrixFactorizationTolerance = 1e-4f;

    /// <summary>Default rows per mini-batch and per transform batch of non-negative matrix factorization: 1024 (scikit-learn's <c>MiniBatchNMF</c> <c>batch_size</c> default).</summary>
    public const int NonNegativeMatrixFactorizationBatchSize = 1024;

    /// <summary>Default forget factor of mini-batch non-negative matrix factorization: 0.7 (scikit-learn's <c>forget_factor</c> default).</summary>
    public const float NonNegativeMatrixFactorizationForgetFactor = 0.7f;

    /// <summary>Mini-batches without improvement of the smoothed batch loss after which mini-batch NMF stops: 10 (scikit-learn's <c>max_no_improvement</c> default).</summary>
    public const int NonNegativeMatrixFactorizationMaximumStepsWithoutImprovement = 10;

    /// <summary>Default number of perturbed resamples per candidate rank in NMF rank selection: 10.</summary>
    public const int RankSelectionResamples = 10;

    /// <summary>Default relative amplitude of the multiplicative noise of NMF rank selection resamples: 0.03 (each value times a uniform factor in [0.97, 1.03]).</summary>
    public const float RankSelectionPerturbation = 0.03f;

    /// <summary>Default silhouette of the matched components a rank needs to be suggested by NMF rank selection: 0.75.</summary>
    public const float RankSelectionSilhouetteThreshold = 0.75f;

    /// <summary>Default iteration limit of each NMF rank-selection fit: 1000 (the fits must converge for their components to be compared).</summary>
    public const int RankSelectionMaximumIterations = 1000;

    /// <summary>Default tolerance of each NMF rank-selection fit: 1e-6.</summary>
    public const float RankSelectionTolerance = 1e-6f;

    /// <summary>Default output column of the NMF inverse transform: "Reconstruction".</summary>
    public const string ReconstructionColumnName = "Reconstruction";
}
