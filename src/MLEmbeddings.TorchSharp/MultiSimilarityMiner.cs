using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The pair mining of the multi-similarity loss (Wang et al. 2019; pytorch-metric-learning <c>MultiSimilarityMiner</c>):
/// for each anchor, keeps the negative pairs more similar than its least similar positive minus
/// <see cref="Epsilon"/>, <c>s(a, n) + epsilon &gt; min_p s(a, p)</c>, and the positive pairs less similar than its most similar
/// negative plus <see cref="Epsilon"/>, <c>s(a, p) - epsilon &lt; max_n s(a, n)</c> (with a distance, the same with "closer" for
/// "more similar"). An anchor without positives keeps no negatives and the other way round. Default distance:
/// <see cref="CosineSimilarity"/>.
/// </summary>
public sealed class MultiSimilarityMiner : MetricMiner
{
    /// <summary>Creates the miner with the cosine similarity.</summary>
    public MultiSimilarityMiner()
        : base(new CosineSimilarity())
    {
    }

    /// <summary>The slack <c>epsilon</c>, finite and &gt;= 0. Default 0.1 (pytorch-metric-learning <c>epsilon</c>).</summary>
    public double Epsilon { get; init; } = 0.1;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequireNonNegativeFinite(Epsilon, $"{nameof(MultiSimilarityMiner)}.{nameof(Epsilon)}");
    }

    internal override MinedTuples Mine(Tensor embeddings, Tensor labels)
    {
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        Tensor closeness = Distance.IsSimilarity ? matrix : matrix.neg();
        Tensor positive = LabelMasks.Positive(labels);
        Tensor negative = LabelMasks.Negative(labels);
        Tensor leastClosePositive = closeness.masked_fill(positive.logical_not(), double.PositiveInfinity).amin([1L], keepdim: true);
        Tensor closestNegative = closeness.masked_fill(negative.logical_not(), double.NegativeInfinity).amax([1L], keepdim: true);
        Tensor hardNegatives = negative.logical_and((closeness + Epsilon).gt(leastClosePositive)).nonzero();
        Tensor hardPositives = positive.logical_and((closeness - Epsilon).lt(closestNegative)).nonzero();
        return new IndexPairs(hardPositives.select(1, 0), hardPositives.select(1, 1), hardNegatives.select(1, 0), hardNegatives.select(1, 1));
    }
}
