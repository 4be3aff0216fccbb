using MLEmbeddings.Interop;
using Microsoft.ML;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Metrics of embeddings, reached as <c>mlContext.Embeddings()</c>: retrieval (Precision@1, Recall@K, R-Precision,
/// MAP@R, MRR), clustering agreement (NMI, AMI of k-means clusters) and geometry diagnostics (RankMe, alignment,
/// uniformity, mean norm, hubness). Every method reads the data once, computes in memory and returns an immutable
/// result; messages go to the <c>MLContext</c>'s log.
/// </summary>
public sealed class EmbeddingEvaluationCatalog
{
    private readonly MLContext _mlContext;

    internal EmbeddingEvaluationCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>
    /// Retrieval metrics with leave-one-out neighbours: every labelled row is a query, ranked against all the other
    /// rows by exact nearest-neighbour search (pytorch-metric-learning's <c>AccuracyCalculator</c> with the reference
    /// equal to the queries). Use the options overload for another metric, the neighbour count or per-class averaging.
    /// </summary>
    /// <param name="data">Rows with an embedding and a label.</param>
    /// <param name="labelColumnName">The key-typed label column (add <c>MapValueToKey</c> first). Default "Label".</param>
    /// <param name="embeddingColumnName">The known-size <c>Vector&lt;Single&gt;</c> embedding column. Default "Features".</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, or a K exceeds the rows a query can retrieve.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or no class has two rows.</exception>
    public RetrievalMetrics EvaluateRetrieval(IDataView data, string labelColumnName = Defaults.LabelColumnName, string embeddingColumnName = Defaults.FeatureColumnName)
        => EvaluateRetrieval(data, new RetrievalEvaluationOptions { LabelColumnName = labelColumnName, EmbeddingColumnName = embeddingColumnName });

    /// <summary>Leave-one-out retrieval metrics with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="data">Rows with an embedding and a label.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, an option is out of range, or <c>NumberOfNeighbors</c> or a K does not fit the class sizes.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or no class has two rows.</exception>
    public RetrievalMetrics EvaluateRetrieval(IDataView data, RetrievalEvaluationOptions options)
        => EvaluateRetrieval(data, null, options);

    /// <summary>
    /// Retrieval metrics of separate queries against a reference set (pytorch-metric-learning's
    /// <c>get_accuracy(query, reference, ...)</c> with distinct sources): R is the number of reference rows of the
    /// query's class. Both label columns must come from the same fitted <c>MapValueToKey</c>.
    /// </summary>
    /// <param name="queries">The query rows.</param>
    /// <param name="reference">The rows searched; null for leave-one-out over <paramref name="queries"/>.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, the two sets' sizes or label keys differ, or an option does not fit the data.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or no query has a reference row of its class.</exception>
    public RetrievalMetrics EvaluateRetrieval(IDataView queries, IDataView? reference, RetrievalEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RetrievalEvaluationOptions copy = options.Clone();
        copy.Validate();
        return RetrievalEvaluator.Evaluate(new ComponentHost(_mlContext, "EvaluateRetrieval"), queries, reference, copy);
    }

    /// <summary>
    /// NMI and AMI between the labels and k-means clusters of the embedding (ML.NET's k-means with k-means++
    /// initialisation, as many clusters as classes), as pytorch-metric-learning reports them.
    /// </summary>
    /// <param name="data">Rows with an embedding and a label.</param>
    /// <param name="labelColumnName">The key-typed label column. Default "Label".</param>
    /// <param name="embeddingColumnName">The known-size <c>Vector&lt;Single&gt;</c> embedding column. Default "Features".</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or no row has a label.</exception>
    public ClusteringAgreementMetrics EvaluateClustering(IDataView data, string labelColumnName = Defaults.LabelColumnName, string embeddingColumnName = Defaults.FeatureColumnName)
        => EvaluateClustering(data, new ClusteringEvaluationOptions { LabelColumnName = labelColumnName, EmbeddingColumnName = embeddingColumnName });

    /// <summary>Clustering agreement with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="data">Rows with an embedding and a label.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, or <c>NumberOfClusters</c> exceeds the rows.</exception>
    /// <exception cref="ArgumentException">An option is out of range, a value is NaN or infinite, or no row has a label.</exception>
    public ClusteringAgreementMetrics EvaluateClustering(IDataView data, ClusteringEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClusteringEvaluationOptions copy = options.Clone();
        copy.Validate();
        return ClusteringEvaluator.Evaluate(new ComponentHost(_mlContext, "EvaluateClustering"), data, copy);
    }

    /// <summary>
    /// Geometry diagnostics of an embedding: RankMe effective rank, uniformity, mean norm and hubness, plus alignment
    /// when <paramref name="labelColumnName"/> is given.
    /// </summary>
    /// <param name="data">Rows with an embedding.</param>
    /// <param name="embeddingColumnName">The known-size <c>Vector&lt;Single&gt;</c> embedding column. Default "Features".</param>
    /// <param name="labelColumnName">An optional key-typed label column for alignment. Default null.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or there are fewer than 2 rows.</exception>
    public EmbeddingQualityMetrics EvaluateQuality(IDataView data, string embeddingColumnName = Defaults.FeatureColumnName, string? labelColumnName = null)
        => EvaluateQuality(data, new EmbeddingQualityOptions { EmbeddingColumnName = embeddingColumnName, LabelColumnName = labelColumnName });

    /// <summary>Geometry diagnostics with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="data">Rows with an embedding.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or there are fewer than 2 rows.</exception>
    public EmbeddingQualityMetrics EvaluateQuality(IDataView data, EmbeddingQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmbeddingQualityOptions copy = options.Clone();
        copy.Validate();
        return EmbeddingQualityEvaluator.Evaluate(new ComponentHost(_mlContext, "EvaluateQuality"), data, copy);
    }
}
