using MLEmbeddings;
using MLEmbeddings.Interop;
using MLEmbeddings.Neighbors;

namespace Microsoft.ML;

/// <summary>
/// Catalog methods of the neighbour components:
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...)</c>,
/// <c>mlContext.MulticlassClassification.Trainers.NearestCentroid(...)</c> and
/// <c>mlContext.Transforms.SearchNearestNeighbors(...)</c>.
/// </summary>
public static class NeighborsCatalog
{
    /// <summary>
    /// The k-nearest-neighbours classifier (scikit-learn <c>KNeighborsClassifier</c>): each row gets the classes of
    /// its <paramref name="numberOfNeighbors"/> nearest training rows (Euclidean distance), each with one vote.
    /// Outputs <c>Score</c> (class probabilities) and <c>PredictedLabel</c>. Use the options overload for cosine or
    /// inner-product search, distance or softmax weighting, and approximate indexes.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key-typed label column (add <c>MapValueToKey</c> first). Default "Label".</param>
    /// <param name="featureColumnName">The known-size <c>Vector&lt;Single&gt;</c> feature column. Default "Features".</param>
    /// <param name="numberOfNeighbors">k, in <c>[1, training rows]</c>; default 5 (scikit-learn <c>n_neighbors</c>).</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="numberOfNeighbors"/> is less than 1.</exception>
    public static KNearestNeighborsTrainer KNearestNeighbors(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName,
        string featureColumnName = Defaults.FeatureColumnName,
        int numberOfNeighbors = Defaults.NumberOfNeighbors)
        => catalog.KNearestNeighbors(new KNearestNeighborsOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            NumberOfNeighbors = numberOfNeighbors,
        });

    /// <summary>The k-nearest-neighbours classifier with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the trainer.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or two options do not go together (the message says which).</exception>
    public static KNearestNeighborsTrainer KNearestNeighbors(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, KNearestNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KNearestNeighborsTrainer(ComponentHost.FromCatalog(catalog, "KNearestNeighbors"), options);
    }

    /// <summary>
    /// The nearest-centroid (prototype) classifier (scikit-learn <c>NearestCentroid</c>): one mean vector per class;
    /// each row gets the class of the nearest prototype, and <c>Score</c> holds <c>softmax(-||x - c_k||^2)</c>. Use the
    /// options overload for cosine similarity, normalised prototypes or a temperature.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key-typed label column (add <c>MapValueToKey</c> first). Default "Label".</param>
    /// <param name="featureColumnName">The known-size <c>Vector&lt;Single&gt;</c> feature column. Default "Features".</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty.</exception>
    public static NearestCentroidTrainer NearestCentroid(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName,
        string featureColumnName = Defaults.FeatureColumnName)
        => catalog.NearestCentroid(new NearestCentroidOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>The nearest-centroid classifier with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the trainer.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static NearestCentroidTrainer NearestCentroid(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, NearestCentroidOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NearestCentroidTrainer(ComponentHost.FromCatalog(catalog, "NearestCentroid"), options);
    }

    /// <summary>
    /// Nearest-neighbour search as a pipeline step (semantic search): <c>Fit</c> indexes the rows it is given (the
    /// corpus); <c>Transform</c> adds, for each row, the 0-based corpus row numbers of its
    /// <paramref name="numberOfNeighbors"/> nearest corpus rows (<paramref name="idsColumnName"/>,
    /// <c>Vector&lt;Int64, k&gt;</c>) and their scores (<paramref name="scoresColumnName"/>, <c>Vector&lt;Single, k&gt;</c>:
    /// squared Euclidean distance ascending, or cosine / inner-product similarity descending, as faiss reports them).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="idsColumnName">Output column of neighbour row numbers. Default "NeighborIds".</param>
    /// <param name="scoresColumnName">Output column of neighbour scores. Default "NeighborScores".</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> column searched with. Default "Features".</param>
    /// <param name="numberOfNeighbors">k, in <c>[1, corpus rows]</c>. Default 10.</param>
    /// <param name="metric">How rows are compared. Default <see cref="NeighborMetric.Euclidean"/>.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, the two output names are equal, or <paramref name="numberOfNeighbors"/> is less than 1.</exception>
    public static NearestNeighborSearchEstimator SearchNearestNeighbors(
        this TransformsCatalog catalog,
        string idsColumnName = Defaults.NeighborIdsColumnName,
        string scoresColumnName = Defaults.NeighborScoresColumnName,
        string inputColumnName = Defaults.FeatureColumnName,
        int numberOfNeighbors = Defaults.SearchNumberOfNeighbors,
        NeighborMetric metric = NeighborMetric.Euclidean)
        => catalog.SearchNearestNeighbors(new NearestNeighborSearchOptions
        {
            IdsColumnName = idsColumnName,
            ScoresColumnName = scoresColumnName,
            InputColumnName = inputColumnName,
            NumberOfNeighbors = numberOfNeighbors,
            Metric = metric,
        });

    /// <summary>Nearest-neighbour search with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static NearestNeighborSearchEstimator SearchNearestNeighbors(this TransformsCatalog catalog, NearestNeighborSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NearestNeighborSearchEstimator(ComponentHost.FromCatalog(catalog, "SearchNearestNeighbors"), options);
    }
}
