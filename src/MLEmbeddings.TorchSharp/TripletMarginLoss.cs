using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Triplet margin loss (Weinberger and Saul; FaceNet; pytorch-metric-learning <c>TripletMarginLoss</c>): per triplet
/// <c>[d(a, p) - d(a, n) + margin]_+</c> for a distance, <c>[s(a, n) - s(a, p) + margin]_+</c> for a similarity. Use it with
/// <see cref="BatchHardMiner"/> (batch-hard) or <see cref="TripletMarginMiner"/> with <see cref="TripletMiningType.SemiHard"/>
/// (semi-hard); without a miner every triplet of the batch counts. Defaults: <see cref="EuclideanDistance"/>,
/// <see cref="AverageNonZeroReducer"/>.
/// </summary>
public sealed class TripletMarginLoss : MetricLoss
{
    /// <summary>Creates the loss with the Euclidean distance and the average over non-zero losses.</summary>
    public TripletMarginLoss()
        : base(new EuclideanDistance(), new AverageNonZeroReducer())
    {
    }

    /// <summary>The margin, finite and &gt;= 0. Default 0.05 (pytorch-metric-learning <c>margin</c>).</summary>
    public double Margin { get; init; } = 0.05;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequireNonNegativeFinite(Margin, $"{nameof(TripletMarginLoss)}.{nameof(Margin)}");
    }

    internal override Tensor Compute(Tensor embeddings, Tensor labels, MinedTuples? tuples, Tensor? classVectors)
    {
        IndexTriplets triplets = tuples?.ToTriplets() ?? IndexTriplets.All(labels);
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        Tensor anchorPositive = matrix.index(triplets.Anchors, triplets.Positives);
        Tensor anchorNegative = matrix.index(triplets.Anchors, triplets.Negatives);
        return Reducer.Reduce(nn.functional.relu(Distance.Margin(anchorPositive, anchorNegative) + Margin));
    }
}
