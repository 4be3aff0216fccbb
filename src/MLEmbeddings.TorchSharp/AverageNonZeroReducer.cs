using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The mean over the per-element losses greater than 0, 0 when none is (pytorch-metric-learning
/// <c>AvgNonZeroReducer</c>): hinge losses are not diluted by the many pairs or triplets that already satisfy the margin.
/// </summary>
public sealed class AverageNonZeroReducer : LossReducer
{
    internal override Tensor Reduce(Tensor losses)
    {
        Tensor positive = losses.gt(0);
        long count = positive.sum().item<long>();
        Tensor total = where(positive, losses, zeros_like(losses)).sum();
        return count == 0 ? total : total / count;
    }
}
