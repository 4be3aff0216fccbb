using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// ArcFace, additive angular margin loss (Deng et al. 2019; pytorch-metric-learning <c>ArcFaceLoss</c>): a softmax
/// cross-entropy over <c>scale * cos(theta_c)</c>, the cosines of each embedding with one learned vector per class, where
/// the true class's logit is <c>scale * cos(theta_y + margin)</c> with <c>theta_y = acos(clamp(cos, -1 + 1e-7, 1 - 1e-7))</c>;
/// reduced over the batch. Defaults: <see cref="CosineSimilarity"/> (the only distance it accepts),
/// <see cref="MeanReducer"/>, class vectors learning at the head's rate.
/// </summary>
public sealed class ArcFaceLoss : ClassProxyLoss
{
    private const double CosineClamp = 1e-7;

    /// <summary>Creates the loss with the cosine similarity, the mean reducer and a class-vector learning-rate multiplier of 1.</summary>
    public ArcFaceLoss()
        : base(new CosineSimilarity(), new MeanReducer(), 1)
    {
    }

    /// <summary>The angular margin in radians, finite, in [0, pi/2]. Default 0.5 (28.6 degrees, pytorch-metric-learning's default <c>margin=28.6</c> in degrees).</summary>
    public double Margin { get; init; } = 0.5;

    /// <summary>The logit scale <c>s</c>, finite and &gt; 0. Default 64 (pytorch-metric-learning <c>scale</c>).</summary>
    public double Scale { get; init; } = 64;

    internal override void Validate()
    {
        base.Validate();
        if (!(Margin >= 0 && Margin <= Math.PI / 2))
        {
            throw new ArgumentOutOfRangeException("Loss", Margin, $"{nameof(ArcFaceLoss)}.{nameof(Margin)} must be an angle in radians in [0, pi/2]; got {Margin}.");
        }

        OptionChecks.RequirePositiveFinite(Scale, $"{nameof(ArcFaceLoss)}.{nameof(Scale)}");
        if (Distance is not CosineSimilarity)
        {
            throw new ArgumentException($"{nameof(ArcFaceLoss)}.Distance must be a CosineSimilarity (the margin is an angle); got {Distance.GetType().Name}.", "Loss");
        }
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        ArgumentNullException.ThrowIfNull(classVectors);
        Tensor cosines = Distance.Pairwise(embeddings, classVectors);
        Tensor target = nn.functional.one_hot(labels, classVectors.shape[0]).to_type(cosines.dtype);
        Tensor targetCosine = cosines.gather(1, labels.unsqueeze(1));
        Tensor withMargin = (targetCosine.clamp(-1 + CosineClamp, 1 - CosineClamp).acos() + Margin).cos();
        Tensor logits = (cosines + (target * (withMargin - targetCosine))) * Scale;
        return Reducer.Reduce(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None));
    }
}
