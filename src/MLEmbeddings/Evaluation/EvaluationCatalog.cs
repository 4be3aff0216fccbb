using MLEmbeddings;
using MLEmbeddings.Evaluation;

namespace Microsoft.ML;

/// <summary>
/// Entry points of the evaluation metrics: <c>mlContext.Embeddings()</c> (retrieval, clustering agreement and
/// geometry of embeddings) and <c>mlContext.MulticlassClassification.ClassificationReport(...)</c>.
/// </summary>
public static class EvaluationCatalog
{
    /// <summary>The embedding metrics of this context: <c>mlContext.Embeddings().EvaluateRetrieval(data)</c> and friends.</summary>
    /// <param name="mlContext">The context; its seed and log are used.</param>
    /// <returns>A small catalog object; cheap to create.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> is null.</exception>
    public static EmbeddingEvaluationCatalog Embeddings(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new EmbeddingEvaluationCatalog(mlContext);
    }

    /// <summary>
    /// Per-class precision, recall, F1 and support, with accuracy and macro- and weighted-averaged scores, of a scored
    /// data view (scikit-learn's <c>classification_report</c>; what <c>MulticlassClassificationMetrics</c> lacks).
    /// <c>report.Format()</c> prints it as a table.
    /// </summary>
    /// <param name="catalog">The multiclass catalog (<c>mlContext.MulticlassClassification</c>).</param>
    /// <param name="scored">The output of a multiclass model's <c>Transform</c>.</param>
    /// <param name="labelColumnName">The key-typed label column. Default "Label".</param>
    /// <param name="predictedLabelColumnName">The key-typed predicted label column, with the label's key count. Default "PredictedLabel".</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="scored"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not a key, or the two key counts differ.</exception>
    /// <exception cref="ArgumentException">A column name is empty.</exception>
    public static ClassificationReport ClassificationReport(
        this MulticlassClassificationCatalog catalog,
        IDataView scored,
        string labelColumnName = Defaults.LabelColumnName,
        string predictedLabelColumnName = Defaults.PredictedLabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ClassificationReportBuilder.Build(scored, labelColumnName, predictedLabelColumnName);
    }
}
