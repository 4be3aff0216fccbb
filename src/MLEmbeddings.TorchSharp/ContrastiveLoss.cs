using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Contrastive loss (Hadsell, Chopra and LeCun 2006; pytorch-metric-learning <c>ContrastiveLoss</c>): for a distance,
/// <c>[d(a, p) - m_pos]_+</c> per positive pair and <c>[m_neg - d(a, n)]_+</c> per negative pair (for a similarity,
/// <c>[m_pos - s(a, p)]_+</c> and <c>[s(a, n) - m_neg]_+</c>); each set is reduced by <see cref="MetricLoss.Reducer"/> and the two
/// are added. Defaults: <see cref="EuclideanDistance"/>, <see cref="AverageNonZeroReducer"/>, all pairs unless a miner is set.
/// </summary>
public sealed class ContrastiveLoss : MetricLoss
{
    /// <summary>Creates the loss with the Euclidean distance and the average over non-zero losses.</summary>
    public ContrastiveLoss()
        : base(new EuclideanDistance(), new AverageNonZeroReducer())
    {
    }

    /// <summary>The positive margin <c>m_pos</c>, finite: positive pairs closer than it cost nothing. Default 0 (pytorch-metric-learning <c>pos_margin</c>).</summary>
    public double PositiveMargin { get; init; }

    /// <summary>The negative margin <c>m_neg</c>, finite: negative pairs farther than it cost nothing. Default 1 (pytorch-metric-learning <c>neg_margin</c>).</summary>
    public double NegativeMargin { get; init; } = 1;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequireFinite(PositiveMargin, $"{nameof(ContrastiveLoss)}.{nameof(PositiveMargin)}");
        OptionChecks.RequireFinite(NegativeMargin, $"{nameof(ContrastiveLoss)}.{nameof(NegativeMargin)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        IndexPairs pairs = tuples?.ToPairs() ?? IndexPairs.All(labels);
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        Tensor positive = nn.functional.relu(Distance.Margin(matrix.index(pairs.AnchorsOfPositives, pairs.Positives), PositiveMargin));
        Tensor negative = nn.functional.relu(Distance.Margin(NegativeMargin, matrix.index(pairs.AnchorsOfNegatives, pairs.Negatives)));
        return Reducer.Reduce(positive) + Reducer.Reduce(negative);
    }
}
