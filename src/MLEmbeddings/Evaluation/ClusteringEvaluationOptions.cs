namespace MLEmbeddings.Evaluation;

/// <summary>Options of <c>mlContext.Embeddings().EvaluateClustering(...)</c>: agreement of k-means clusters of an embedding with its labels.</summary>
public sealed class ClusteringEvaluationOptions
{
    /// <summary>The embedding column, a known-size <c>Vector&lt;Single&gt;</c>. Default "Features".</summary>
    public string EmbeddingColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>The key-typed label column (add <c>MapValueToKey</c> first); rows with a missing label are skipped. Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>
    /// Number of k-means clusters, at least 1 and at most the number of rows. Null (default) uses the number of classes
    /// present in the labels, as pytorch-metric-learning does (scikit-learn <c>n_clusters</c>).
    /// </summary>
    public int? NumberOfClusters { get; set; }

    /// <summary>Seed of the k-means++ initialisation; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>A copy of these options.</summary>
    internal ClusteringEvaluationOptions Clone() => (ClusteringEvaluationOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(EmbeddingColumnName, nameof(EmbeddingColumnName));
        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        if (NumberOfClusters is int clusters)
        {
            OptionChecks.RequireAtLeast(clusters, 1, nameof(NumberOfClusters));
        }
    }
}
