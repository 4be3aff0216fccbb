using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Keeps the triplets of a batch whose margin <c>m_apn</c> (see <see cref="TripletMiningType"/>) puts them in the chosen
/// category (pytorch-metric-learning <c>TripletMarginMiner</c>); <see cref="TripletMiningType.SemiHard"/> is FaceNet's
/// semi-hard mining. Default distance: <see cref="EuclideanDistance"/>.
/// </summary>
public sealed class TripletMarginMiner : MetricMiner
{
    /// <summary>Creates the miner with the Euclidean distance.</summary>
    public TripletMarginMiner()
        : base(new EuclideanDistance())
    {
    }

    /// <summary>The margin the triplets are measured against, finite and &gt;= 0. Default 0.2 (pytorch-metric-learning <c>margin</c>).</summary>
    public double Margin { get; init; } = 0.2;

    /// <summary>Which triplets to keep. Default <see cref="TripletMiningType.SemiHard"/>.</summary>
    public TripletMiningType Type { get; init; } = TripletMiningType.SemiHard;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.RequireNonNegativeFinite(Margin, $"{nameof(TripletMarginMiner)}.{nameof(Margin)}");
        if (!Enum.IsDefined(Type))
        {
            throw new ArgumentOutOfRangeException("Miner", Type, $"{nameof(TripletMarginMiner)}.{nameof(Type)} must be one of {string.Join(", ", Enum.GetNames<TripletMiningType>())}; got {Type}.");
        }
    }

    internal override MinedTuples Mine(Tensor embeddings, Tensor labels)
    {
        Tensor matrix = Distance.Pairwise(embeddings, embeddings);
        IndexTriplets all = IndexTriplets.All(labels);
        Tensor anchorPositive = matrix.index(all.Anchors, all.Positives);
        Tensor anchorNegative = matrix.index(all.Anchors, all.Negatives);
        Tensor margin = Distance.IsSimilarity ? anchorPositive - anchorNegative : anchorNegative - anchorPositive;
        Tensor keep = Type switch
        {
            TripletMiningType.Easy => margin.gt(Margin),
            TripletMiningType.Hard => margin.le(0),
            TripletMiningType.SemiHard => margin.gt(0).logical_and(margin.le(Margin)),
            _ => margin.le(Margin),
        };
        Tensor kept = keep.nonzero().select(1, 0);
        return new IndexTriplets(all.Anchors.index_select(0, kept), all.Positives.index_select(0, kept), all.Negatives.index_select(0, kept));
    }
}
