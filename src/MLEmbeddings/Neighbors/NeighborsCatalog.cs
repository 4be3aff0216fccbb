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
}
