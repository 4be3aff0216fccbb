using System.Globalization;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Agreement of k-means clusters of an embedding with the labels, with scikit-learn's definitions. Immutable.
/// </summary>
public sealed class ClusteringAgreementMetrics
{
    internal ClusteringAgreementMetrics(double normalizedMutualInformation, double adjustedMutualInformation, int numberOfClusters, int rowCount)
    {
        NormalizedMutualInformation = normalizedMutualInformation;
        AdjustedMutualInformation = adjustedMutualInformation;
        NumberOfClusters = numberOfClusters;
        RowCount = rowCount;
    }

    /// <summary>
    /// NMI: <c>I(U; V) / ((H(U) + H(V)) / 2)</c> of labels U and clusters V (scikit-learn
    /// <c>normalized_mutual_info_score</c>, arithmetic mean). In [0, 1]; 1 for clusters equal to the classes.
    /// </summary>
    public double NormalizedMutualInformation { get; }

    /// <summary>
    /// AMI: <c>(I - E[I]) / ((H(U) + H(V)) / 2 - E[I])</c>, mutual information adjusted for chance under the
    /// hypergeometric model (scikit-learn <c>adjusted_mutual_info_score</c>). About 0 for random clusters, 1 for a perfect match.
    /// </summary>
    public double AdjustedMutualInformation { get; }

    /// <summary>Number of k-means clusters.</summary>
    public int NumberOfClusters { get; }

    /// <summary>Number of rows clustered (rows with a label).</summary>
    public int RowCount { get; }

    /// <summary>The metrics on one line, values with four decimals.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"NMI {NormalizedMutualInformation:F4}, AMI {AdjustedMutualInformation:F4} ({NumberOfClusters} k-means clusters of {RowCount} rows)");
}
