using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Chooses the informative pairs or triplets of each batch for the loss (pytorch-metric-learning's <c>miners</c>); without a
/// miner a pair or triplet loss uses all of them. A miner returning triplets can feed a pair loss and the other way round
/// (pairs become the triplets that share an anchor, triplets become their two pairs). Mining sees the embeddings without
/// gradients. Choose <see cref="BatchHardMiner"/>, <see cref="TripletMarginMiner"/> or <see cref="MultiSimilarityMiner"/>.
/// </summary>
public abstract class MetricMiner
{
    /// <summary>Only this library's miners derive from this class; <paramref name="distance"/> is the default of <see cref="Distance"/>.</summary>
    private protected MetricMiner(MetricDistance distance)
    {
        Distance = distance;
    }

    /// <summary>How the miner compares embeddings; each miner documents its default.</summary>
    public MetricDistance Distance { get; init; }

    /// <summary>Checks the miner's settings; the message names the setting, the expected and the received value.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal virtual void Validate()
    {
        if (Distance is null)
        {
            throw new ArgumentException($"{GetType().Name}.Distance must be set; got null.", "Miner");
        }
    }

    /// <summary>The tuples of the batch <paramref name="embeddings"/> (<c>n x d</c>) with classes <paramref name="labels"/> (<c>n</c>, int64).</summary>
    internal abstract MinedTuples Mine(Tensor embeddings, Tensor labels);
}
