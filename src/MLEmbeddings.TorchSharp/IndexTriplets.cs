using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>Triplets <c>(Anchors[t], Positives[t], Negatives[t])</c> of row positions in a batch, as 1-D int64 tensors.</summary>
internal sealed record IndexTriplets(Tensor Anchors, Tensor Positives, Tensor Negatives) : MinedTuples
{
    /// <summary>Every triplet of the batch (anchor, a row of its class other than itself, a row of another class), in row-major order.</summary>
    public static IndexTriplets All(Tensor labels)
    {
        Tensor triplets = LabelMasks.Positive(labels).unsqueeze(2).logical_and(LabelMasks.Negative(labels).unsqueeze(1)).nonzero();
        return new IndexTriplets(triplets.select(1, 0), triplets.select(1, 1), triplets.select(1, 2));
    }

    /// <summary>The number of triplets.</summary>
    public long Count => Anchors.shape[0];

    /// <summary>Each triplet as the positive pair (anchor, positive) and the negative pair (anchor, negative), as pytorch-metric-learning converts them.</summary>
    public override IndexPairs ToPairs() => new(Anchors, Positives, Anchors, Negatives);

    /// <inheritdoc/>
    public override IndexTriplets ToTriplets() => this;
}
