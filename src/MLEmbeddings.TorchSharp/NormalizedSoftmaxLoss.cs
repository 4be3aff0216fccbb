using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Normalized softmax loss (Zhai and Wu 2019; pytorch-metric-learning <c>NormalizedSoftmaxLoss</c>): the cross-entropy of a
/// softmax over the similarities of each embedding to one learned, unit-scaled vector per class, divided by a
/// temperature: <c>-log(exp(s(x, w_y) / tau) / sum_c exp(s(x, w_c) / tau))</c> (for a distance, <c>-d</c> replaces <c>s</c>),
/// reduced over the batch. <see cref="ArcFaceLoss"/> adds an angular margin. Defaults: <see cref="CosineSimilarity"/>,
/// <see cref="MeanReducer"/>, class vectors learning at the head's rate.
/// </summary>
public sealed class NormalizedSoftmaxLoss : ClassProxyLoss
{
    /// <summary>Creates the loss with the cosine similarity, the mean reducer and a class-vector learning-rate multiplier of 1.</summary>
    public NormalizedSoftmaxLoss()
        : base(new CosineSimilarity(), new MeanReducer(), 1)
    {
    }

    /// <summary>The temperature <c>tau</c>, finite and &gt; 0. Default 0.05 (pytorch-metric-learning <c>temperature</c>).</summary>
    public double Temperature { get; init; } = 0.05;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequirePositiveFinite(Temperature, $"{nameof(NormalizedSoftmaxLoss)}.{nameof(Temperature)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        ArgumentNullException.ThrowIfNull(classVectors);
        Tensor similarities = Distance.Pairwise(embeddings, classVectors);
        Tensor logits = (Distance.IsSimilarity ? similarities : similarities.neg()) / Temperature;
        return Reducer.Reduce(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None));
    }
}
