using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// How a loss or a miner compares embeddings (pytorch-metric-learning's <c>distances</c>): a pairwise matrix between two
/// sets of rows, both first scaled to unit L2 norm (pytorch-metric-learning's <c>normalize_embeddings=True</c>), and whether
/// larger values mean closer (<see cref="IsSimilarity"/>, pytorch-metric-learning's <c>is_inverted</c>). Choose
/// <see cref="EuclideanDistance"/> or <see cref="CosineSimilarity"/>.
/// </summary>
public abstract class MetricDistance
{
    /// <summary>Only this library's distances derive from this class.</summary>
    private protected MetricDistance()
    {
    }

    /// <summary>True when larger values mean more similar (a similarity such as the cosine), false for a distance.</summary>
    public abstract bool IsSimilarity { get; }

    /// <summary>The <c>n x m</c> matrix between the rows of <paramref name="queries"/> (<c>n x d</c>) and <paramref name="references"/> (<c>m x d</c>), both normalised first.</summary>
    internal abstract Tensor Pairwise(Tensor queries, Tensor references);

    /// <summary>pytorch-metric-learning's <c>distance.margin(x, y)</c>: <c>y - x</c> for a similarity, <c>x - y</c> for a distance, so that "x is farther than y" is positive either way.</summary>
    internal Tensor Margin(Tensor x, double y) => IsSimilarity ? y - x : x - y;

    /// <inheritdoc cref="Margin(Tensor, double)"/>
    internal Tensor Margin(double x, Tensor y) => IsSimilarity ? y - x : x - y;

    /// <inheritdoc cref="Margin(Tensor, double)"/>
    internal Tensor Margin(Tensor x, Tensor y) => IsSimilarity ? y - x : x - y;

    /// <summary>Rows scaled to unit L2 norm, <c>x / max(||x||, 1e-12)</c>.</summary>
    private protected static Tensor Normalize(Tensor rows) => nn.functional.normalize(rows, p: 2, dim: 1, eps: 1e-12);
}
