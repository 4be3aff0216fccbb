using System.Globalization;
using System.Text;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Retrieval metrics of an embedding (pytorch-metric-learning's <c>AccuracyCalculator</c>). For a query of class
/// <c>c</c>, R is the number of reference rows of class <c>c</c> (other than the query itself when the queries are the
/// reference, leave-one-out); queries with R = 0 are left out. Each metric is the mean over the evaluated queries, or
/// the mean of per-class means when <see cref="AveragePerClass"/> is set. Immutable.
/// </summary>
public sealed class RetrievalMetrics
{
    internal RetrievalMetrics(
        double precisionAt1,
        double rPrecision,
        double meanAveragePrecisionAtR,
        double meanReciprocalRank,
        IReadOnlyDictionary<int, double> recallAtK,
        int queryCount,
        int excludedQueryCount,
        int numberOfNeighbors,
        bool averagePerClass)
    {
        PrecisionAt1 = precisionAt1;
        RPrecision = rPrecision;
        MeanAveragePrecisionAtR = meanAveragePrecisionAtR;
        MeanReciprocalRank = meanReciprocalRank;
        RecallAtK = recallAtK;
        QueryCount = queryCount;
        ExcludedQueryCount = excludedQueryCount;
        NumberOfNeighbors = numberOfNeighbors;
        AveragePerClass = averagePerClass;
    }

    /// <summary>Precision@1: the share of queries whose nearest neighbour has their class (<c>precision_at_1</c>). In [0, 1].</summary>
    public double PrecisionAt1 { get; }

    /// <summary>R-Precision: the share of the first R neighbours that have the query's class (<c>r_precision</c>). In [0, 1].</summary>
    public double RPrecision { get; }

    /// <summary>
    /// MAP@R (Musgrave et al. 2020, <c>mean_average_precision_at_r</c>): <c>(1 / R) sum_{i &lt;= R} P(i) rel(i)</c>, with
    /// <c>rel(i)</c> 1 when neighbour i has the query's class and <c>P(i)</c> the precision of the first i neighbours. In [0, 1].
    /// </summary>
    public double MeanAveragePrecisionAtR { get; }

    /// <summary>
    /// Mean reciprocal rank (<c>mean_reciprocal_rank</c>): <c>1 / rank</c> of the first neighbour of the query's class among
    /// the first <see cref="NumberOfNeighbors"/>, 0 when none is. In [0, 1].
    /// </summary>
    public double MeanReciprocalRank { get; }

    /// <summary>Recall@K for each requested K: the share of queries with a neighbour of their class among the first K. In [0, 1].</summary>
    public IReadOnlyDictionary<int, double> RecallAtK { get; }

    /// <summary>Number of queries evaluated.</summary>
    public int QueryCount { get; }

    /// <summary>Number of queries left out because no reference row has their class (R = 0).</summary>
    public int ExcludedQueryCount { get; }

    /// <summary>Neighbours retrieved per query, the cut-off of the mean reciprocal rank (pytorch-metric-learning <c>k</c>).</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>Whether the metrics are means of per-class means (<c>avg_of_avgs</c>).</summary>
    public bool AveragePerClass { get; }

    /// <summary>The metrics, one per line, values with four decimals.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Precision@1             {PrecisionAt1:F4}");
        foreach (KeyValuePair<int, double> recall in RecallAtK.OrderBy(pair => pair.Key))
        {
            text.AppendLine(culture, $"{$"Recall@{recall.Key}",-24}{recall.Value:F4}");
        }

        text.AppendLine(culture, $"R-Precision             {RPrecision:F4}");
        text.AppendLine(culture, $"MAP@R                   {MeanAveragePrecisionAtR:F4}");
        text.AppendLine(culture, $"MRR (first {NumberOfNeighbors,-5})      {MeanReciprocalRank:F4}");
        text.Append(culture, $"{QueryCount} queries evaluated, {ExcludedQueryCount} without a same-class reference row left out{(AveragePerClass ? "; means of per-class means" : string.Empty)}.");
        return text.ToString();
    }
}
