using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Batch-hard mining (Hermans, Beyer and Leibe 2017; pytorch-metric-learning <c>BatchHardMiner</c>): one triplet per anchor
/// that has both a positive and a negative in the batch, with its farthest positive and its closest negative (ties to the
/// lower row). Default distance: <see cref="EuclideanDistance"/>.
/// </summary>
public sealed class BatchHardMiner : MetricMiner
{
    /// <summary>Creates the miner with the Euclidean distance.</summary>
    public BatchHardMiner()
        : base(new EuclideanDistance())
    {
    }

    internal override MinedTuples Mine(Tensor embeddings, Tensor labels)
    {
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        Tensor positive = LabelMasks.Positive(labels);
        Tensor negative = LabelMasks.Negative(labels);

        // Hardest = least similar positive and most similar negative: on "closeness" (the negated distance) the minimum
        // over positives and the maximum over negatives.
        Tensor closeness = Distance.IsSimilarity ? matrix : matrix.neg();
        Tensor hardestPositive = closeness.masked_fill(positive.logical_not(), double.PositiveInfinity).argmin(1);
        Tensor hardestNegative = closeness.masked_fill(negative.logical_not(), double.NegativeInfinity).argmax(1);
        Tensor anchors = positive.any(1).logical_and(negative.any(1)).nonzero().select(1, 0);
        return new IndexTriplets(anchors, hardestPositive.index_select(0, anchors), hardestNegative.index_select(0, anchors));
    }
}
