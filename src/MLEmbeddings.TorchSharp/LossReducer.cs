using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Turns the per-element losses of one loss term (per pair, triplet, row or class proxy) into one number
/// (pytorch-metric-learning's <c>reducers</c>). A loss with two terms (contrastive: positive and negative pairs) reduces
/// each and adds them. An empty term reduces to 0. Choose <see cref="MeanReducer"/>, <see cref="AverageNonZeroReducer"/> or
/// <see cref="SumReducer"/>.
/// </summary>
public abstract class LossReducer
{
    /// <summary>Only this library's reducers derive from this class.</summary>
    private protected LossReducer()
    {
    }

    /// <summary>Reduces the 1-D tensor <paramref name="losses"/> to a scalar that stays connected to the autograd graph, also when empty.</summary>
    internal abstract Tensor Reduce(Tensor losses);
}
