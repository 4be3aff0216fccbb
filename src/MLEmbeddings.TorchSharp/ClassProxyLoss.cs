using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// A loss that learns one vector per class (a proxy or classifier weight) together with the head and compares each
/// embedding with them instead of with other embeddings: <see cref="ProxyAnchorLoss"/>, <see cref="NormalizedSoftmaxLoss"/>,
/// <see cref="ArcFaceLoss"/>. It takes no miner. The class vectors start as independent standard normal vectors (drawn
/// from the training seed) and are discarded after training: the fitted head alone embeds new rows, including rows of
/// classes never seen in training.
/// </summary>
public abstract class ClassProxyLoss : MetricLoss
{
    /// <summary>Only this library's losses derive from this class.</summary>
    private protected ClassProxyLoss(MetricDistance distance, LossReducer reducer, double learningRateMultiplier)
        : base(distance, reducer)
    {
        ProxyLearningRateMultiplier = learningRateMultiplier;
    }

    /// <summary>
    /// The class vectors' learning rate as a multiple of the head's, finite and &gt; 0 (the proxy-anchor paper trains its
    /// proxies 100 times faster); each loss documents its default.
    /// </summary>
    public double ProxyLearningRateMultiplier { get; init; }

    internal override bool LearnsClassVectors => true;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequirePositiveFinite(ProxyLearningRateMultiplier, $"{GetType().Name}.{nameof(ProxyLearningRateMultiplier)}");
    }

    /// <summary>The starting class vectors, <c>classes x dimension</c> standard normal values from <paramref name="generator"/>.</summary>
    internal static Tensor CreateClassVectors(long classes, long dimension, Generator generator) => randn(classes, dimension, generator: generator);
}
