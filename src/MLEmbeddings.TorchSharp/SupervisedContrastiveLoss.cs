using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Supervised contrastive loss, supervised InfoNCE (Khosla et al. 2020; pytorch-metric-learning <c>SupConLoss</c>): with
/// logits <c>z_ij = s_ij / tau</c> (<c>-d_ij / tau</c> for a distance), per anchor <c>i</c> the loss
/// <c>-(1/|P_i|) sum_(p in P_i) (z_ip - log sum_(j in P_i and N_i) exp(z_ij))</c> over its positive pairs <c>P_i</c> and negative
/// pairs <c>N_i</c> (0 for an anchor without positives), reduced over the anchors; 0 for a batch without positive or
/// without negative pairs. Defaults: <see cref="CosineSimilarity"/>, <see cref="AverageNonZeroReducer"/>, all pairs unless a
/// miner is set.
/// </summary>
public sealed class SupervisedContrastiveLoss : MetricLoss
{
    /// <summary>Creates the loss with the cosine similarity and the average over non-zero losses.</summary>
    public SupervisedContrastiveLoss()
        : base(new CosineSimilarity(), new AverageNonZeroReducer())
    {
    }

    /// <summary>The temperature <c>tau</c>, finite and &gt; 0. Default 0.1 (pytorch-metric-learning <c>temperature</c>).</summary>
    public double Temperature { get; init; } = 0.1;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequirePositiveFinite(Temperature, $"{nameof(SupervisedContrastiveLoss)}.{nameof(Temperature)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        IndexPairs pairs = tuples?.ToPairs() ?? IndexPairs.All(labels);
        (Tensor positive, Tensor negative) = pairs.Masks(embeddings.shape[0], embeddings.device);
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        if (!positive.any().item<bool>() || !negative.any().item<bool>())
        {
            return (matrix * 0).sum();
        }

        Tensor logits = (Distance.IsSimilarity ? matrix : matrix.neg()) / Temperature;
        Tensor compared = positive.logical_or(negative);

        // A row without any pair gets a finite (unused) denominator, so that no NaN reaches the gradient.
        Tensor kept = logits.masked_fill(compared.logical_not(), double.NegativeInfinity).masked_fill(compared.any(1, keepdim: true).logical_not(), 0);
        Tensor logProbability = logits - kept.logsumexp(1, keepdim: true);
        Tensor positiveCount = positive.sum(1).clamp_min(1);
        Tensor meanPositive = where(positive, logProbability, zeros_like(logProbability)).sum(1) / positiveCount;
        return Reducer.Reduce(meanPositive.neg());
    }
}
