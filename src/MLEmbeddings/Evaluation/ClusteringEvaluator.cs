using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Clusters an embedding with ML.NET's k-means (k-means++ initialisation, one thread so the result depends only on the
/// seed) and scores the clusters against the labels with <see cref="MutualInformation"/>.
/// </summary>
internal static class ClusteringEvaluator
{
    /// <summary>Runs k-means on the labelled rows of <paramref name="data"/> and compares clusters with labels.</summary>
    public static ClusteringAgreementMetrics Evaluate(ComponentHost host, IDataView data, ClusteringEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        TrainingRows rows = TrainingDataReader.Read(data, options.EmbeddingColumnName, options.LabelColumnName, host);
        int clusters = options.NumberOfClusters ?? rows.Classes!.Distinct().Count();
        if (clusters > rows.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), clusters, $"NumberOfClusters is {clusters}, but only {rows.Count} labelled rows are given. Use NumberOfClusters <= {rows.Count}.");
        }

        var kMeansContext = new MLContext(host.Seed(options.Seed));
        IDataView labelled = kMeansContext.Data.FilterRowsByMissingValues(data, options.LabelColumnName);
        var trainer = kMeansContext.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = options.EmbeddingColumnName,
            NumberOfClusters = clusters,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
        });
        IDataView assigned = trainer.Fit(labelled).Transform(labelled);
        int[] assignments = ReadAssignments(assigned, rows.Count);
        host.Info($"Clustered {rows.Count} rows into {clusters} k-means clusters.");
        return new ClusteringAgreementMetrics(
            MutualInformation.Normalized(rows.Classes, assignments),
            MutualInformation.Adjusted(rows.Classes, assignments),
            clusters,
            rows.Count);
    }

    private static int[] ReadAssignments(IDataView assigned, int count)
    {
        DataViewSchema.Column predicted = assigned.Schema["PredictedLabel"];
        var assignments = new int[count];
        using DataViewRowCursor cursor = assigned.GetRowCursor([predicted]);
        ValueGetter<uint> getter = cursor.GetGetter<uint>(predicted);
        uint key = 0;
        int row = 0;
        while (cursor.MoveNext())
        {
            getter(ref key);
            assignments[row++] = (int)key - 1;
        }

        if (row != count)
        {
            throw new InvalidOperationException($"k-means assigned {row} rows; {count} labelled rows were read.");
        }

        return assignments;
    }
}
