using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Positive pairs <c>(AnchorsOfPositives[i], Positives[i])</c> and negative pairs <c>(AnchorsOfNegatives[j], Negatives[j])</c>
/// of row positions in a batch, as 1-D int64 tensors (pytorch-metric-learning's <c>(a1, p, a2, n)</c>).
/// </summary>
internal sealed record IndexPairs(Tensor AnchorsOfPositives, Tensor Positives, Tensor AnchorsOfNegatives, Tensor Negatives) : MinedTuples
{
    /// <summary>Every positive and every negative pair of the batch, in row-major order.</summary>
    public static IndexPairs All(Tensor labels)
    {
        Tensor positive = LabelMasks.Positive(labels).nonzero();
        Tensor negative = LabelMasks.Negative(labels).nonzero();
        return new IndexPairs(positive.select(1, 0), positive.select(1, 1), negative.select(1, 0), negative.select(1, 1));
    }

    /// <summary>The boolean <c>n x n</c> masks of the positive and the negative pairs.</summary>
    public (Tensor Positive, Tensor Negative) Masks(long batchSize, Device device)
    {
        Tensor positive = zeros(batchSize, batchSize, dtype: ScalarType.Bool, device: device);
        Tensor negative = zeros(batchSize, batchSize, dtype: ScalarType.Bool, device: device);
        positive.index_put_(tensor(true, device: device), AnchorsOfPositives, Positives);
        negative.index_put_(tensor(true, device: device), AnchorsOfNegatives, Negatives);
        return (positive, negative);
    }

    /// <inheritdoc/>
    public override IndexPairs ToPairs() => this;

    /// <summary>Every combination of a positive and a negative pair that share their anchor (pytorch-metric-learning's conversion), ordered by positive pair.</summary>
    public override IndexTriplets ToTriplets()
    {
        Tensor matches = AnchorsOfPositives.unsqueeze(1).eq(AnchorsOfNegatives.unsqueeze(0)).nonzero();
        Tensor positive = matches.select(1, 0);
        Tensor negative = matches.select(1, 1);
        return new IndexTriplets(AnchorsOfPositives.index_select(0, positive), Positives.index_select(0, positive), Negatives.index_select(0, negative));
    }
}
