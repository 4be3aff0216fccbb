namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Which triplets <see cref="TripletMarginMiner"/> keeps, by the triplet's margin <c>m_apn</c>: how much farther the negative
/// is from the anchor than the positive (<c>d(a, n) - d(a, p)</c> for a distance, <c>s(a, p) - s(a, n)</c> for a similarity).
/// pytorch-metric-learning's <c>type_of_triplets</c>.
/// </summary>
public enum TripletMiningType
{
    /// <summary>Every triplet violating the margin: <c>m_apn &lt;= margin</c> ("all").</summary>
    All = 0,

    /// <summary>The negative is at least as close as the positive: <c>m_apn &lt;= 0</c> ("hard").</summary>
    Hard = 1,

    /// <summary>The negative is farther than the positive but within the margin: <c>0 &lt; m_apn &lt;= margin</c> ("semihard", FaceNet's semi-hard negatives).</summary>
    SemiHard = 2,

    /// <summary>Triplets already satisfying the margin: <c>m_apn &gt; margin</c> ("easy").</summary>
    Easy = 3,
}
