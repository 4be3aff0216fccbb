using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Multi-similarity loss (Wang et al. 2019; pytorch-metric-learning <c>MultiSimilarityLoss</c>): per anchor <c>i</c>,
/// <c>(1/alpha) log(1 + sum_(p in P_i) exp(-alpha (s_ip - lambda))) + (1/beta) log(1 + sum_(n in N_i) exp(beta (s_in - lambda)))</c>
/// over its positive pairs <c>P_i</c> and negative pairs <c>N_i</c> (for a distance, <c>-s</c> is replaced by <c>d</c>), then
/// reduced over the anchors (every row of the batch, 0 for a row without pairs). Pair it with
/// <see cref="MultiSimilarityMiner"/>, as the paper does; without a miner all pairs count. Defaults:
/// <see cref="CosineSimilarity"/>, <see cref="MeanReducer"/>.
/// </summary>
public sealed class MultiSimilarityLoss : MetricLoss
{
    /// <summary>Creates the loss with the cosine similarity and the mean over anchors.</summary>
    public MultiSimilarityLoss()
        : base(new CosineSimilarity(), new MeanReducer())
    {
    }

    /// <summary>The positive-pair weight <c>alpha</c>, finite and &gt; 0. Default 2 (pytorch-metric-learning <c>alpha</c>).</summary>
    public double Alpha { get; init; } = 2;

    /// <summary>The negative-pair weight <c>beta</c>, finite and &gt; 0. Default 50 (pytorch-metric-learning <c>beta</c>).</summary>
    public double Beta { get; init; } = 50;

    /// <summary>The similarity offset <c>lambda</c>, finite. Default 0.5 (pytorch-metric-learning <c>base</c>).</summary>
    public double Base { get; init; } = 0.5;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequirePositiveFinite(Alpha, $"{nameof(MultiSimilarityLoss)}.{nameof(Alpha)}");
        OptionChecks.RequirePositiveFinite(Beta, $"{nameof(MultiSimilarityLoss)}.{nameof(Beta)}");
        OptionChecks.RequireFinite(Base, $"{nameof(MultiSimilarityLoss)}.{nameof(Base)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        IndexPairs pairs = tuples?.ToPairs() ?? IndexPairs.All(labels);
        (Tensor positive, Tensor negative) = pairs.Masks(embeddings.shape[0], embeddings.device);
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        Tensor positiveLoss = LogOnePlusSumExp(Distance.Margin(matrix, Base) * Alpha, positive, 1) / Alpha;
        Tensor negativeLoss = LogOnePlusSumExp(Distance.Margin(Base, matrix) * Beta, negative, 1) / Beta;
        return Reducer.Reduce(positiveLoss + negativeLoss);
    }
}
