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

    /// <summary>
    /// Default number of rows scored per kernel call by the neighbour components: 4096. Fewer rows per call leave the
    /// fused search too few query blocks to share between threads without splitting the database (100k x 128, k = 10,
    /// 2 threads: pipeline overhead over one kernel call for all rows 2 % at 4096, 8 % at 2048, 21 % at 1024).
    /// </summary>
    public const int NeighborBatchSize = 4096;

    /// <summary>Default output column of the search transform holding neighbour row numbers: "NeighborIds".</summary>
    public const string NeighborIdsColumnName = "NeighborIds";

    /// <summary>Default output column of the search transform holding neighbour scores: "NeighborScores".</summary>
    public const string NeighborScoresColumnName = "NeighborScores";

    /// <summary>Default thread limit: -1, all cores.</summary>
    public const int MaxDegreeOfParallelism = -1;

    /// <summary>Default micro-batch size of the sentence-embedding transform (rows per ONNX Runtime call): 32.</summary>
    public const int SentenceEmbeddingBatchSize = 32;

    /// <summary>
    /// Default number of rows the sentence-embedding transform reads ahead and sorts by token count before cutting
    /// them into micro-batches (less padding): 256. 0 turns sorting off.
    /// </summary>
    public const int SentenceEmbeddingSortingWindowSize = 256;

    /// <summary>Default maximum sequence length (tokens, counting <c>[CLS]</c> and <c>[SEP]</c>) when the model's files do not say: 512.</summary>
    public const int MaximumSequenceLength = 512;

    /// <summary>Whether sentence embeddings are scaled to unit L2 norm by default: true.</summary>
    public const bool SentenceEmbeddingNormalize = true;

    /// <summary>
    /// Default ONNX Runtime intra-op thread count of the sentence-embedding transform: 1 (one thread per call; micro-batches
    /// run concurrently on the other cores). 0 is ONNX Runtime's own default, one thread per physical core.
    /// </summary>
    public const int IntraOpThreadCount = 1;

    /// <summary>Default softmax temperature of zero-shot classification over cosine similarities: 0.05 (cosines differ by a few hundredths between classes).</summary>
    public const float ZeroShotTemperature = 0.05f;

    /// <summary>Default text column of the sentence-embedding transform: "Text".</summary>
    public const string TextColumnName = "Text";

    /// <summary>Default cut-offs K of Recall@K in the retrieval metrics: 1, 2, 4 and 8 (the values metric-learning papers report).</summary>
    public static IReadOnlyList<int> RecallAtK { get; } = [1, 2, 4, 8];

    /// <summary>Default temperature t of the uniformity metric: 2 (Wang and Isola).</summary>
    public const double UniformityTemperature = 2;

    /// <summary>Default largest number of rows (a seeded random sample) over whose pairs uniformity is averaged: 4096.</summary>
    public const int UniformitySampleSize = 4096;

    /// <summary>Default k of the hubness diagnostic (skewness of the k-occurrence counts): 10.</summary>
    public const int HubnessNeighbors = 10;

    /// <summary>Default epsilon added to the normalised singular values by RankMe: 1e-7 (the paper's value).</summary>
    public const double RankMeEpsilon = 1e-7;

    /// <summary>Default epsilon added to the eigenvalues by the whitening transform: 1e-5.</summary>
    public const double WhiteningEpsilon = 1e-5;

    /// <summary>Default number of anchors of the relative-representation transform: 128.</summary>
    public const int NumberOfAnchors = 128;

    /// <summary>Default output size of the sparse random projection: 128.</summary>
    public const int RandomProjectionRank = 128;

    /// <summary>Default number of rows transformed per kernel call by the embedding post-processing transforms: 256.</summary>
    public const int EmbeddingBatchSize = 256;

    /// <summary>Default predicted-label column of a scored multiclass data view: "PredictedLabel" (ML.NET's name).</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>Default iteration budget of Neighbourhood Components Analysis: 50 L-BFGS iterations or mini-batch epochs (scikit-learn <c>max_iter</c>).</summary>
    public const int NeighborhoodComponentsMaximumIterations = 50;

    /// <summary>Default convergence tolerance of NCA and LMNN: 1e-5 (scikit-learn NCA <c>tol</c>).</summary>
    public const double MetricLearningTolerance = 1e-5;

    /// <summary>Default mini-batch size of mini-batch NCA: 1024 rows.</summary>
    public const int NeighborhoodComponentsBatchSize = 1024;

    /// <summary>Default Adam step of mini-batch NCA, relative to the RMS entry of the starting transformation: 0.02.</summary>
    public const double NeighborhoodComponentsLearningRate = 0.02;

    /// <summary>Default number of target neighbours of LMNN: 3 (metric-learn <c>n_neighbors</c>).</summary>
    public const int LargeMarginNumberOfNeighbors = 3;

    /// <summary>Default weight of LMNN's push (impostor) term, mu: 0.5 (metric-learn <c>regularization</c>).</summary>
    public const double LargeMarginPushWeight = 0.5;

    /// <summary>Default number of impostor candidates kept per row by LMNN's active set: 20.</summary>
    public const int LargeMarginImpostorCandidates = 20;

    /// <summary>Default number of L-BFGS iterations between refreshes of LMNN's impostor candidates: 10.</summary>
    public const int LargeMarginActiveSetRefreshInterval = 10;

    /// <summary>Default iteration budget of LMNN: 100 L-BFGS iterations.</summary>
    public const int LargeMarginMaximumIterations = 100;

    /// <summary>Default slack weight gamma of ITML: 1 (metric-learn <c>gamma</c>).</summary>
    public const double InformationTheoreticSlack = 1.0;

    /// <summary>Default sweep budget of ITML: 1000 sweeps over the constraints (metric-learn <c>max_iter</c>).</summary>
    public const int InformationTheoreticMaximumIterations = 1000;

    /// <summary>Default convergence threshold of ITML's dual variables: 1e-3 (metric-learn <c>convergence_threshold</c>).</summary>
    public const double InformationTheoreticTolerance = 1e-3;

    /// <summary>Default number of constraints ITML draws from labels, per squared class count: 20 (metric-learn draws <c>20 * classes^2</c>).</summary>
    public const int InformationTheoreticConstraintsPerSquaredClass = 20;

    /// <summary>Default number of random row pairs whose distances give ITML's default bounds: 10,000.</summary>
    public const int InformationTheoreticBoundSamples = 10_000;

    /// <summary>Default neighbour rank of LFDA's local scaling: 7 (metric-learn <c>k</c>).</summary>
    public const int LocalFisherNumberOfNeighbors = 7;

    /// <summary>Default ridge of LFDA's local within-class scatter, relative to its mean diagonal: 1e-4.</summary>
    public const double LocalFisherRegularization = 1e-4;
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

    /// <summary>Default output dimension of deep metric learning's embedding head: 64.</summary>
    public const int DeepMetricLearningRank = 64;

    /// <summary>Default classes per batch (P of the P x K sampler) of deep metric learning: 8.</summary>
    public const int DeepMetricLearningClassesPerBatch = 8;

    /// <summary>Default rows per class in a batch (K of the P x K sampler) of deep metric learning: 4.</summary>
    public const int DeepMetricLearningSamplesPerClass = 4;

    /// <summary>Default passes over the training rows of deep metric learning: 20.</summary>
    public const int DeepMetricLearningEpochs = 20;

    /// <summary>Default learning rate of deep metric learning: 1e-3 (PyTorch's Adam/AdamW default).</summary>
    public const double DeepMetricLearningLearningRate = 1e-3;

    /// <summary>Default weight decay of deep metric learning: 1e-4.</summary>
    public const double DeepMetricLearningWeightDecay = 1e-4;

    /// <summary>Default fraction of each class's rows held out for early stopping in deep metric learning: 0.1.</summary>
    public const double DeepMetricLearningValidationFraction = 0.1;

    /// <summary>Default epochs without a better held-out Recall@1 after which deep metric learning stops: 5.</summary>
    public const int DeepMetricLearningEarlyStoppingPatience = 5;

    /// <summary>
    /// Token-vector values (tokens x hidden size) one ONNX Runtime call of the sentence-embedding transform handles at most by
    /// default: 98,304 (384 KiB of floats; 256 tokens of a 384-wide MiniLM), so the batch's activations stay in a core's cache.
    /// </summary>
    public const int SentenceEmbeddingBatchActivations = 98304;
}
