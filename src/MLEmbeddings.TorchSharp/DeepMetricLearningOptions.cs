using MLEmbeddings.MetricLearning;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Settings of deep metric learning (<c>mlContext.Transforms.DeepMetricLearning(...)</c>): the embedding head (linear or
/// MLP, L2-normalised output of dimension <see cref="Rank"/>), the loss and miner (pytorch-metric-learning's pieces), the
/// P x K batch sampler, the optimizer and early stopping on a held-out Recall@1.
/// </summary>
public sealed class DeepMetricLearningOptions
{
    /// <summary>Name of the output column, a unit-norm <c>Vector&lt;Single, Rank&gt;</c>. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>Name of the input column, a known-size <c>Vector&lt;Single&gt;</c> (dense or sparse); null means <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>The label column: a key type (add <c>mlContext.Transforms.Conversion.MapValueToKey</c> first); rows with a missing label are skipped. Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>Output (embedding) dimension, at least 1. Default 64 (pytorch-metric-learning's examples' <c>embedding_size</c>).</summary>
    public int Rank { get; set; } = Defaults.DeepMetricLearningRank;

    /// <summary>
    /// Sizes of the hidden layers, input first, each at least 1; empty (default) for a linear head <c>y = normalize(W x + b)</c>.
    /// For example <c>[256]</c> makes the MLP <c>d -&gt; 256 -&gt; Rank</c>.
    /// </summary>
    public IReadOnlyList<int> HiddenLayerSizes { get; set; } = [];

    /// <summary>The activation after every hidden layer. Default <see cref="EmbeddingHeadActivation.Relu"/>.</summary>
    public EmbeddingHeadActivation Activation { get; set; } = EmbeddingHeadActivation.Relu;

    /// <summary>Dropout probability after every hidden activation during training, in [0, 1). Default 0 (PyTorch <c>nn.Dropout(p)</c>).</summary>
    public double Dropout { get; set; }

    /// <summary>Whether a batch normalisation follows every hidden linear layer (PyTorch <c>nn.BatchNorm1d</c>); folded into the layer after training. Default false.</summary>
    public bool BatchNormalization { get; set; }

    /// <summary>The loss. Default <see cref="MultiSimilarityLoss"/> with its defaults. Losses that learn class vectors (proxy-anchor, normalized softmax, ArcFace) take no miner.</summary>
    public MetricLoss Loss { get; set; } = new MultiSimilarityLoss();

    /// <summary>The miner choosing each batch's pairs or triplets; null for all of them. Default <see cref="MultiSimilarityMiner"/>.</summary>
    public MetricMiner? Miner { get; set; } = new MultiSimilarityMiner();

    /// <summary>Classes per batch, P of the P x K sampler, at least 2 (fewer when the data has fewer classes). Default 8 (pytorch-metric-learning <c>MPerClassSampler</c> batches).</summary>
    public int ClassesPerBatch { get; set; } = Defaults.DeepMetricLearningClassesPerBatch;

    /// <summary>Rows per class in a batch, K of the P x K sampler, at least 2; every class needs at least K training rows. Default 4 (pytorch-metric-learning <c>MPerClassSampler</c> <c>m</c>).</summary>
    public int SamplesPerClass { get; set; } = Defaults.DeepMetricLearningSamplesPerClass;

    /// <summary>Passes over the training rows (each pass has <c>ceil(rows / (P K))</c> batches), at least 1. Default 20.</summary>
    public int Epochs { get; set; } = Defaults.DeepMetricLearningEpochs;

    /// <summary>The optimizer's learning rate, finite and &gt; 0. Default 1e-3 (PyTorch <c>lr</c>).</summary>
    public double LearningRate { get; set; } = Defaults.DeepMetricLearningLearningRate;

    /// <summary>Weight decay, finite and &gt;= 0 (PyTorch <c>weight_decay</c>). Default 1e-4.</summary>
    public double WeightDecay { get; set; } = Defaults.DeepMetricLearningWeightDecay;

    /// <summary>The optimizer. Default <see cref="DeepMetricLearningOptimizer.AdamW"/>.</summary>
    public DeepMetricLearningOptimizer Optimizer { get; set; } = DeepMetricLearningOptimizer.AdamW;

    /// <summary>
    /// Fraction of each class's rows held out to measure Recall@1 after every epoch (the fraction of held-out rows whose
    /// nearest other held-out row, by cosine, has their class), in [0, 1); 0 turns early stopping off and keeps the last
    /// epoch. A class keeps at least <see cref="SamplesPerClass"/> training rows. Default 0.1.
    /// </summary>
    public double ValidationFraction { get; set; } = Defaults.DeepMetricLearningValidationFraction;

    /// <summary>Epochs without a better held-out Recall@1 after which training stops, keeping the best epoch's weights; at least 1. Default 5.</summary>
    public int EarlyStoppingPatience { get; set; } = Defaults.DeepMetricLearningEarlyStoppingPatience;

    /// <summary>Seed of the weights' initialisation, the sampler, the split and dropout; null (default) takes one from the <c>MLContext</c>. PyTorch <c>torch.manual_seed</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Receives one report per epoch (also written to the <c>MLContext</c> log as trace messages); null for none.</summary>
    public IProgress<DeepMetricLearningProgress>? Progress { get; set; }

    /// <summary>Stops <c>Fit</c> with an <see cref="OperationCanceledException"/> at the next batch when cancelled.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The input column to read: <see cref="InputColumnName"/>, or <see cref="OutputColumnName"/> when it is null.</summary>
    internal string ResolvedInputColumnName => InputColumnName ?? OutputColumnName;

    /// <summary>A copy (the hidden sizes copied too), so later changes to this object do not affect an estimator.</summary>
    internal DeepMetricLearningOptions Copy()
    {
        var copy = (DeepMetricLearningOptions)MemberwiseClone();
        copy.HiddenLayerSizes = HiddenLayerSizes.ToArray();
        return copy;
    }

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash (the message names them, the expected and the received value).</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is not null)
        {
            OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        }

        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.RequireAtLeast(Rank, 1, nameof(Rank));
        if (HiddenLayerSizes is null)
        {
            throw OptionChecks.Invalid(nameof(HiddenLayerSizes), $"{nameof(HiddenLayerSizes)} must be a list (empty for a linear head); got null.");
        }

        foreach (int size in HiddenLayerSizes)
        {
            OptionChecks.RequireAtLeast(size, 1, nameof(HiddenLayerSizes));
        }

        OptionChecks.RequireDefined(Activation, nameof(Activation));
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw OptionChecks.OutOfRange(nameof(Dropout), Dropout, $"{nameof(Dropout)} must be a probability in [0, 1); got {Dropout}.");
        }

        if (Loss is null)
        {
            throw OptionChecks.Invalid(nameof(Loss), $"{nameof(Loss)} must be set, for example to new MultiSimilarityLoss(); got null.");
        }

        Loss.Validate();
        if (Miner is not null)
        {
            Miner.Validate();
            if (Loss.LearnsClassVectors)
            {
                throw OptionChecks.Invalid(nameof(Miner), $"{Loss.GetType().Name} compares embeddings with learned class vectors and takes no miner; got {nameof(Miner)} = {Miner.GetType().Name}. Set {nameof(Miner)} = null.");
            }
        }

        OptionChecks.RequireAtLeast(ClassesPerBatch, 2, nameof(ClassesPerBatch));
        OptionChecks.RequireAtLeast(SamplesPerClass, 2, nameof(SamplesPerClass));
        OptionChecks.RequireAtLeast(Epochs, 1, nameof(Epochs));
        OptionChecks.RequirePositiveFinite(LearningRate, nameof(LearningRate));
        OptionChecks.RequireNonNegativeFinite(WeightDecay, nameof(WeightDecay));
        OptionChecks.RequireDefined(Optimizer, nameof(Optimizer));
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw OptionChecks.OutOfRange(nameof(ValidationFraction), ValidationFraction, $"{nameof(ValidationFraction)} must be in [0, 1) (0 turns early stopping off); got {ValidationFraction}.");
        }

        OptionChecks.RequireAtLeast(EarlyStoppingPatience, 1, nameof(EarlyStoppingPatience));
    }
}
