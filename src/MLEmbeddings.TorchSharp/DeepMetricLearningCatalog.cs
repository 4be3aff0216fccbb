using MLEmbeddings;
using MLEmbeddings.DeepMetricLearning;
using MLEmbeddings.Interop;

namespace Microsoft.ML;

/// <summary>
/// Catalog method of deep metric learning: <c>mlContext.Transforms.DeepMetricLearning(...)</c> trains a linear or MLP
/// embedding head with TorchSharp (pytorch-metric-learning's losses, miners and P x K sampling) and returns the core
/// library's <see cref="MLEmbeddings.MetricLearning.EmbeddingHeadTransformer"/>.
/// </summary>
public static class DeepMetricLearningCatalog
{
    /// <summary>
    /// Deep metric learning with the multi-similarity loss and miner, 8 classes x 4 rows per batch, AdamW, 20 epochs and
    /// early stopping on the Recall@1 of 10 % held-out rows. Standardize the features first. Use the options overload for the
    /// loss, the miner, dropout, batch normalisation and the training schedule.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">Name of the output column, a unit-norm <c>Vector&lt;Single, rank&gt;</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The key-typed label column (add <c>MapValueToKey</c> first). Default "Label".</param>
    /// <param name="rank">Output (embedding) dimension, at least 1. Default 64.</param>
    /// <param name="hiddenLayerSizes">Hidden layer sizes, each at least 1; null or empty (default) for a linear head.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, or <paramref name="rank"/> or a hidden size is less than 1.</exception>
    public static DeepMetricLearningEstimator DeepMetricLearning(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        string labelColumnName = Defaults.LabelColumnName,
        int rank = Defaults.DeepMetricLearningRank,
        IReadOnlyList<int>? hiddenLayerSizes = null)
        => catalog.DeepMetricLearning(new DeepMetricLearningOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Rank = rank,
            HiddenLayerSizes = hiddenLayerSizes ?? [],
        });

    /// <summary>Deep metric learning with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or two options clash (the message says which).</exception>
    public static DeepMetricLearningEstimator DeepMetricLearning(this TransformsCatalog catalog, DeepMetricLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMetricLearningEstimator(ComponentHost.FromCatalog(catalog, "DeepMetricLearning"), options);
    }
}
