using MLEmbeddings.Embeddings;
using MLEmbeddings.Interop;

namespace Microsoft.ML;

/// <summary>Catalog methods for embedding post-processing: <c>mlContext.Transforms.TruncateEmbedding(...)</c>.</summary>
public static class EmbeddingsCatalog
{
    /// <summary>
    /// Shortens Matryoshka embeddings: keeps the first <paramref name="dimension"/> values of a known-size
    /// <c>Vector&lt;Single&gt;</c> and, when <paramref name="normalize"/> is set, divides them by their L2 norm
    /// (a zero vector stays zero). The output column is a <c>Vector&lt;Single, dimension&gt;</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="dimension">Values kept, in <c>[1, input size]</c> (sentence-transformers' <c>truncate_dim</c>). Default 256.</param>
    /// <param name="normalize">Rescale to unit L2 norm. Default true.</param>
    /// <returns>The estimator; <c>Fit</c> fails if <paramref name="dimension"/> exceeds the input size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputColumnName"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1.</exception>
    public static TruncateEmbeddingEstimator TruncateEmbedding(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        int dimension = MLEmbeddings.Defaults.TruncateEmbeddingDimension,
        bool normalize = MLEmbeddings.Defaults.TruncateEmbeddingNormalize)
        => catalog.TruncateEmbedding(new TruncateEmbeddingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Dimension = dimension,
            Normalize = normalize,
        });

    /// <summary>Matryoshka truncation with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The output column name is empty or the input column name is an empty string.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is less than 1.</exception>
    public static TruncateEmbeddingEstimator TruncateEmbedding(this TransformsCatalog catalog, TruncateEmbeddingOptions options)
    {
        ComponentHost.EnvironmentOf(catalog);
        return new TruncateEmbeddingEstimator(options);
    }
}
