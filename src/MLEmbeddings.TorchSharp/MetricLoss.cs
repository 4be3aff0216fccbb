using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// A deep metric learning loss (pytorch-metric-learning's <c>losses</c>): computed on a batch of unit-norm embeddings and
/// their classes, comparing embeddings with each other (pair and triplet losses, which take the pairs or triplets of an
/// optional <see cref="MetricMiner"/>) or with learned class vectors (<see cref="ClassProxyLoss"/>). Each loss has a
/// <see cref="Distance"/> and a <see cref="Reducer"/> whose defaults are pytorch-metric-learning's. Choose
/// <see cref="ContrastiveLoss"/>, <see cref="TripletMarginLoss"/>, <see cref="MultiSimilarityLoss"/>,
/// <see cref="ProxyAnchorLoss"/>, <see cref="NormalizedSoftmaxLoss"/>, <see cref="ArcFaceLoss"/> or
/// <see cref="SupervisedContrastiveLoss"/>. Settings are fixed at creation (<c>init</c>), so one instance can be shared.
/// </summary>
public abstract class MetricLoss
{
    /// <summary>Only this library's losses derive from this class; the arguments are the defaults of <see cref="Distance"/> and <see cref="Reducer"/>.</summary>
    private protected MetricLoss(MetricDistance distance, LossReducer reducer)
    {
        Distance = distance;
        Reducer = reducer;
    }

    /// <summary>How embeddings (and class vectors) are compared; each loss documents its default.</summary>
    public MetricDistance Distance { get; init; }

    /// <summary>How the per-element losses become the batch loss; each loss documents its default.</summary>
    public LossReducer Reducer { get; init; }

    /// <summary>Whether the loss learns one vector per class (and then takes no miner).</summary>
    internal virtual bool LearnsClassVectors => false;

    /// <summary>Checks the loss's settings; the message names the setting, the expected and the received value.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or missing.</exception>
    internal virtual void Validate()
    {
        if (Distance is null)
        {
            throw new ArgumentException($"{GetType().Name}.Distance must be set; got null.", "Loss");
        }

        if (Reducer is null)
        {
            throw new ArgumentException($"{GetType().Name}.Reducer must be set; got null.", "Loss");
        }
    }

    /// <summary>
    /// The batch loss, a scalar connected to the autograd graph of <paramref name="embeddings"/> (<c>n x d</c>) and, for
    /// losses that learn class vectors, of <paramref name="classVectors"/> (<c>classes x d</c>). <paramref name="labels"/> are
    /// the 0-based classes (<c>n</c>, int64); <paramref name="tuples"/> the mined pairs or triplets, or null for all of them.
    /// </summary>
    internal abstract Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors);

    /// <summary><c>log(1 + sum_j exp(values_j))</c> over the entries of <paramref name="values"/> kept by <paramref name="mask"/>, along <paramref name="dimension"/> (0 where none is kept): pytorch-metric-learning's <c>logsumexp(..., add_one=True)</c>, computed stably.</summary>
    private protected static Tensor LogOnePlusSumExp(Tensor values, Tensor mask, long dimension)
    {
        Tensor kept = values.masked_fill(mask.logical_not(), double.NegativeInfinity);
        long[] shape = kept.shape;
        shape[dimension] = 1;
        return cat([kept, zeros(shape, dtype: kept.dtype, device: kept.device)], dimension).logsumexp(dimension);
    }
}
