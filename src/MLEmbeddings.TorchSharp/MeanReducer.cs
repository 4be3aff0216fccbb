using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>The mean of all per-element losses, 0 when there are none (pytorch-metric-learning <c>MeanReducer</c>).</summary>
public sealed class MeanReducer : LossReducer
{
    internal override Tensor Reduce(Tensor losses) => losses.numel() == 0 ? losses.sum() : losses.mean();
}
