using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>The sum of the per-element losses (pytorch-metric-learning <c>SumReducer</c>).</summary>
public sealed class SumReducer : LossReducer
{
    internal override Tensor Reduce(Tensor losses) => losses.sum();
}
