using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Proxy-anchor loss (Kim et al. 2020; pytorch-metric-learning <c>ProxyAnchorLoss</c>): with one learned proxy per class and
/// the similarities <c>s(x, c)</c> of the batch's embeddings to the proxies,
/// <c>mean_(c in C+) log(1 + sum_(x in class c) exp(-alpha (s(x, c) - delta))) + mean_(c in C) log(1 + sum_(x not in c) exp(alpha (s(x, c) + delta)))</c>,
/// where <c>C+</c> are the classes present in the batch and <c>C</c> all classes (for a distance, <c>-s</c> is replaced by
/// <c>d</c>); each term is reduced by <see cref="MetricLoss.Reducer"/> over its classes. Defaults: <see cref="CosineSimilarity"/>,
/// <see cref="MeanReducer"/> (the paper's averages), proxies learning 100 times faster than the head.
/// </summary>
public sealed class ProxyAnchorLoss : ClassProxyLoss
{
    /// <summary>Creates the loss with the cosine similarity, the mean reducer and a proxy learning-rate multiplier of 100.</summary>
    public ProxyAnchorLoss()
        : base(new CosineSimilarity(), new MeanReducer(), 100)
    {
    }

    /// <summary>The margin <c>delta</c>, finite and &gt;= 0. Default 0.1 (pytorch-metric-learning <c>margin</c>).</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>The scale <c>alpha</c>, finite and &gt; 0. Default 32 (pytorch-metric-learning <c>alpha</c>).</summary>
    public double Alpha { get; init; } = 32;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequireNonNegativeFinite(Margin, $"{nameof(ProxyAnchorLoss)}.{nameof(Margin)}");
        OptionChecks.RequirePositiveFinite(Alpha, $"{nameof(ProxyAnchorLoss)}.{nameof(Alpha)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        ArgumentNullException.ThrowIfNull(classVectors);
        Tensor similarities = Distance.Pairwise(embeddings, classVectors);
        Tensor positive = nn.functional.one_hot(labels, classVectors.shape[0]).to_type(ScalarType.Bool);
        Tensor positiveTerm = LogOnePlusSumExp(Distance.Margin(similarities, Margin) * Alpha, positive, 0);
        Tensor negativeTerm = LogOnePlusSumExp(Distance.Margin(-Margin, similarities) * Alpha, positive.logical_not(), 0);
        Tensor present = positive.any(0).nonzero().select(1, 0);
        return Reducer.Reduce(positiveTerm.index_select(0, present)) + Reducer.Reduce(negativeTerm);
    }
}
