using MLEmbeddings;
using MLEmbeddings.Interop;
using MLEmbeddings.MetricLearning;

namespace Microsoft.ML;

/// <summary>
/// Catalog methods of the Mahalanobis metric learners (supervised dimensionality reduction):
/// <c>mlContext.Transforms.NeighborhoodComponentsAnalysis(...)</c>, <c>LargeMarginNearestNeighbor(...)</c>,
/// <c>InformationTheoreticMetricLearning(...)</c> and <c>LocalFisherDiscriminantAnalysis(...)</c>. Each learns a linear map
/// <c>y = L x</c> (<see cref="MahalanobisProjectionTransformer"/>) under which nearest neighbours tend to share a class.
/// </summary>
public static class MetricLearningCatalog
{
    /// <summary>
    /// Neighbourhood Components Analysis (scikit-learn <c>NeighborhoodComponentsAnalysis</c>): learns <c>L</c> maximising the
    /// expected leave-one-out accuracy of a soft nearest-neighbour classifier; L-BFGS, 50 iterations, initialisation
    /// <see cref="MetricLearningInitialization.Auto"/>. Standardize the features first. Use the options overload for the
    /// initialisation, the iteration budget or the mini-batch optimizer for large data.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">Name of the output column, a <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The key-typed label column (add <c>MapValueToKey</c> first). Default "Label".</param>
    /// <param name="rank">Output dimension in <c>[1, input size]</c>; null (default) keeps the input size (scikit-learn <c>n_components</c>).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="rank"/> is less than 1.</exception>
    public static NeighborhoodComponentsAnalysisEstimator NeighborhoodComponentsAnalysis(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        string labelColumnName = Defaults.LabelColumnName,
        int? rank = null)
        => catalog.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Rank = rank,
        });

    /// <summary>Neighbourhood Components Analysis with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static NeighborhoodComponentsAnalysisEstimator NeighborhoodComponentsAnalysis(this TransformsCatalog catalog, NeighborhoodComponentsAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeighborhoodComponentsAnalysisEstimator(ComponentHost.FromCatalog(catalog, "NeighborhoodComponentsAnalysis"), options);
    }

    /// <summary>
    /// Large Margin Nearest Neighbour (metric-learn <c>LMNN</c>): learns <c>L</c> pulling each row's
    /// <paramref name="numberOfNeighbors"/> nearest same-class rows close while pushing rows of other classes a unit margin
    /// farther away. Standardize the features first. Use the options overload for the push weight, the active set and the
    /// iteration budget.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column, a <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The key-typed label column. Default "Label".</param>
    /// <param name="rank">Output dimension in <c>[1, input size]</c>; null (default) keeps the input size.</param>
    /// <param name="numberOfNeighbors">Target neighbours per row, at least 1. Default 3 (metric-learn <c>n_neighbors</c>).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, or <paramref name="rank"/> or <paramref name="numberOfNeighbors"/> is less than 1.</exception>
    public static LargeMarginNearestNeighborEstimator LargeMarginNearestNeighbor(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        string labelColumnName = Defaults.LabelColumnName,
        int? rank = null,
        int numberOfNeighbors = Defaults.LargeMarginNumberOfNeighbors)
        => catalog.LargeMarginNearestNeighbor(new LargeMarginNearestNeighborOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Rank = rank,
            NumberOfNeighbors = numberOfNeighbors,
        });

    /// <summary>Large Margin Nearest Neighbour with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static LargeMarginNearestNeighborEstimator LargeMarginNearestNeighbor(this TransformsCatalog catalog, LargeMarginNearestNeighborOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LargeMarginNearestNeighborEstimator(ComponentHost.FromCatalog(catalog, "LargeMarginNearestNeighbor"), options);
    }

    /// <summary>
    /// Information-Theoretic Metric Learning (metric-learn <c>ITML_Supervised</c>): the Mahalanobis matrix closest to the
    /// Euclidean one (LogDet divergence) such that random same-class pairs are close and random different-class pairs far
    /// apart. Use the options overload for the prior, the bounds, the slack and the number of constraints.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column, a <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The key-typed label column. Default "Label".</param>
    /// <param name="rank">Output dimension in <c>[1, input size]</c>; null (default) keeps the input size, so <c>L^T L</c> is the learned matrix exactly.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="rank"/> is less than 1.</exception>
    public static InformationTheoreticMetricLearningEstimator InformationTheoreticMetricLearning(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        string labelColumnName = Defaults.LabelColumnName,
        int? rank = null)
        => catalog.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Rank = rank,
        });

    /// <summary>
    /// Weakly supervised Information-Theoretic Metric Learning (metric-learn <c>ITML</c> on pairs): learns from
    /// <paramref name="pairs"/> of rows marked similar or dissimilar, without labels. Each pair names two 0-based row
    /// positions of the data later given to <c>Fit</c>; <c>Fit</c> rejects a pair naming a row the data does not have.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column, a <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="pairs">The constraints, at least one; copied.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="rank">Output dimension in <c>[1, input size]</c>; null (default) keeps the input size.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="pairs"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, <paramref name="pairs"/> is empty, or <paramref name="rank"/> is less than 1.</exception>
    public static InformationTheoreticMetricLearningEstimator InformationTheoreticMetricLearning(
        this TransformsCatalog catalog,
        string outputColumnName,
        IEnumerable<MetricLearningPair> pairs,
        string? inputColumnName = null,
        int? rank = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return catalog.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Pairs = pairs.ToArray(),
            Rank = rank,
        });
    }

    /// <summary>Information-Theoretic Metric Learning with all settings in <paramref name="options"/>; see the other overloads.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied (pairs included), so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or two options clash (the message says which).</exception>
    public static InformationTheoreticMetricLearningEstimator InformationTheoreticMetricLearning(this TransformsCatalog catalog, InformationTheoreticMetricLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new InformationTheoreticMetricLearningEstimator(ComponentHost.FromCatalog(catalog, "InformationTheoreticMetricLearning"), options);
    }

    /// <summary>
    /// Local Fisher Discriminant Analysis (metric-learn <c>LFDA</c>): a closed-form, deterministic supervised projection that
    /// separates classes while keeping each class's local (multimodal) structure. Use the options overload for the embedding
    /// scaling and the regularisation.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column, a <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The key-typed label column. Default "Label".</param>
    /// <param name="rank">Output dimension in <c>[1, input size]</c>; null (default) keeps the input size.</param>
    /// <param name="numberOfNeighbors">Neighbour rank of the local scaling, at least 1. Default 7 (metric-learn <c>k</c>).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, or <paramref name="rank"/> or <paramref name="numberOfNeighbors"/> is less than 1.</exception>
    public static LocalFisherDiscriminantAnalysisEstimator LocalFisherDiscriminantAnalysis(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        string labelColumnName = Defaults.LabelColumnName,
        int? rank = null,
        int numberOfNeighbors = Defaults.LocalFisherNumberOfNeighbors)
        => catalog.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Rank = rank,
            NumberOfNeighbors = numberOfNeighbors,
        });

    /// <summary>Local Fisher Discriminant Analysis with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static LocalFisherDiscriminantAnalysisEstimator LocalFisherDiscriminantAnalysis(this TransformsCatalog catalog, LocalFisherDiscriminantAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LocalFisherDiscriminantAnalysisEstimator(ComponentHost.FromCatalog(catalog, "LocalFisherDiscriminantAnalysis"), options);
    }
}
