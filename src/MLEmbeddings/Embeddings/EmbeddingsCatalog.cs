using MLEmbeddings.Embeddings;
using MLEmbeddings.Interop;

namespace Microsoft.ML;

/// <summary>
/// Catalog methods for embedding post-processing: <c>mlContext.Transforms.TruncateEmbedding(...)</c>,
/// <c>WhitenEmbedding</c>, <c>QuantizeEmbeddingInt8</c>, <c>QuantizeEmbeddingBinary</c>, <c>SparseRandomProjection</c> and
/// <c>RelativeRepresentation</c>. For L2 normalisation use ML.NET's own <c>mlContext.Transforms.NormalizeLpNorm(...)</c>.
/// </summary>
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

    /// <summary>
    /// Whitening fitted on data: <c>y = W (x - mean)</c> with identity covariance on the fitted rows. PCA whitening (the
    /// default) keeps the <paramref name="rank"/> leading principal components scaled to unit variance; ZCA rotates back
    /// and keeps the input size. Output <c>Vector&lt;Single, r&gt;</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="kind">PCA (default) or ZCA.</param>
    /// <param name="rank">PCA output size in <c>[1, input size]</c>; null (default) for all components. Must be null for ZCA.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, <paramref name="rank"/> is less than 1, or a rank is given for ZCA.</exception>
    public static WhiteningEstimator WhitenEmbedding(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, WhiteningKind kind = WhiteningKind.Pca, int? rank = null)
        => catalog.WhitenEmbedding(new WhiteningOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Kind = kind, Rank = rank });

    /// <summary>Whitening with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or two options clash.</exception>
    public static WhiteningEstimator WhitenEmbedding(this TransformsCatalog catalog, WhiteningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new WhiteningEstimator(ComponentHost.FromCatalog(catalog, "WhitenEmbedding"), options);
    }

    /// <summary>
    /// Int8 scalar quantization: per-dimension ranges learned at <c>Fit</c>, each value mapped to one of 256 codes,
    /// <c>code = clamp(round((x - min) / step), 0, 255) - 128</c> with <c>step = (max - min) / 255</c>. Output
    /// <c>Vector&lt;SByte, d&gt;</c>, a quarter of the float size.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty.</exception>
    public static ScalarQuantizationEstimator QuantizeEmbeddingInt8(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
        => catalog.QuantizeEmbeddingInt8(new ScalarQuantizationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Int8 scalar quantization with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is invalid.</exception>
    public static ScalarQuantizationEstimator QuantizeEmbeddingInt8(this TransformsCatalog catalog, ScalarQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ScalarQuantizationEstimator(ComponentHost.FromCatalog(catalog, "QuantizeEmbeddingInt8"), options);
    }

    /// <summary>
    /// 1-bit quantization: bit <c>j</c> set when <c>x_j &gt; threshold_j</c> (0, or the fitted mean), eight dimensions per
    /// byte, least significant bit first. Output <c>Vector&lt;Byte, ceil(d / 8)&gt;</c>, 1/32 of the float size.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="threshold">Zero (default, the sign bits) or the fitted per-dimension mean.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="threshold"/> is undefined.</exception>
    public static BinaryQuantizationEstimator QuantizeEmbeddingBinary(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, BinaryQuantizationThreshold threshold = BinaryQuantizationThreshold.Zero)
        => catalog.QuantizeEmbeddingBinary(new BinaryQuantizationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Threshold = threshold });

    /// <summary>Binary quantization with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static BinaryQuantizationEstimator QuantizeEmbeddingBinary(this TransformsCatalog catalog, BinaryQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BinaryQuantizationEstimator(ComponentHost.FromCatalog(catalog, "QuantizeEmbeddingBinary"), options);
    }

    /// <summary>
    /// Very sparse random projection to <paramref name="rank"/> dimensions (Li, Hastie and Church; scikit-learn's
    /// <c>SparseRandomProjection</c>), seeded from the <c>MLContext</c>, density <c>1 / sqrt(d)</c>. Output
    /// <c>Vector&lt;Single, rank&gt;</c>; sparse inputs are projected without densifying.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="rank">Output size, at least 1. Default 128.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="rank"/> is less than 1.</exception>
    public static SparseRandomProjectionEstimator SparseRandomProjection(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, int rank = MLEmbeddings.Defaults.RandomProjectionRank)
        => catalog.SparseRandomProjection(new SparseRandomProjectionOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Rank = rank });

    /// <summary>Sparse random projection with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static SparseRandomProjectionEstimator SparseRandomProjection(this TransformsCatalog catalog, SparseRandomProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SparseRandomProjectionEstimator(ComponentHost.FromCatalog(catalog, "SparseRandomProjection"), options);
    }

    /// <summary>
    /// Relative representations (Moschella et al. 2023): each embedding becomes its cosine similarities to
    /// <paramref name="numberOfAnchors"/> anchor rows chosen at <c>Fit</c> (a seeded random sample by default), which makes
    /// embeddings from models that differ by a rotation or scaling comparable. Output <c>Vector&lt;Single, numberOfAnchors&gt;</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the known-size <c>Vector&lt;Single&gt;</c> input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="numberOfAnchors">Number of anchors, at least 1 and at most the fitted rows. Default 128.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="numberOfAnchors"/> is less than 1.</exception>
    public static RelativeRepresentationEstimator RelativeRepresentation(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, int numberOfAnchors = MLEmbeddings.Defaults.NumberOfAnchors)
        => catalog.RelativeRepresentation(new RelativeRepresentationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, NumberOfAnchors = numberOfAnchors });

    /// <summary>Relative representations with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static RelativeRepresentationEstimator RelativeRepresentation(this TransformsCatalog catalog, RelativeRepresentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RelativeRepresentationEstimator(ComponentHost.FromCatalog(catalog, "RelativeRepresentation"), options);
    }
}
