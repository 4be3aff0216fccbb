using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The Euclidean distance <c>||x/||x|| - y/||y|| ||</c> between unit-scaled rows, or its square (pytorch-metric-learning
/// <c>LpDistance(p=2, power=1 or 2)</c>); smaller is closer. On unit vectors it lies in [0, 2].
/// </summary>
public sealed class EuclideanDistance : MetricDistance
{
    /// <summary>Whether to use the squared distance (pytorch-metric-learning <c>power=2</c>). Default false.</summary>
    public bool Squared { get; init; }

    /// <summary>Always false: a distance.</summary>
    public override bool IsSimilarity => false;

    internal override Tensor Pairwise(Tensor queries, Tensor references)
    {
        // torch.cdist, as pytorch-metric-learning: its gradient at a zero distance (a row with itself) is 0, not NaN.
        Tensor distances = cdist(Normalize(queries), Normalize(references), p: 2);
        return Squared ? distances.square() : distances;
    }
}
