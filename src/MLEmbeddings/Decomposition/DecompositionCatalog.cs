using MLEmbeddings;
using MLEmbeddings.Decomposition;
using MLEmbeddings.Interop;

namespace Microsoft.ML;

/// <summary>
/// Catalog methods of the decomposition components: <c>mlContext.Transforms.NonNegativeMatrixFactorization(...)</c> and
/// <c>mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(...)</c>.
/// </summary>
public static class DecompositionCatalog
{
    /// <summary>
    /// Non-negative matrix factorization (scikit-learn's <c>NMF</c> with <c>solver='cd'</c>, <c>init='nndsvda'</c>):
    /// learns <paramref name="rank"/> non-negative components <c>H</c> with <c>X ~ W H</c>, <c>W &gt;= 0</c>, minimising
    /// <c>||X - W H||_F^2</c>; each row <c>x</c> is mapped to its coefficients <c>w = argmin_(w &gt;= 0) ||x - w H||</c>, a
    /// <c>Vector&lt;Single, rank&gt;</c>. Use the options overload for other solvers (multiplicative, mini-batch), losses
    /// (Kullback-Leibler, Itakura-Saito), regularisation, initialisation, progress and cancellation.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The output column of coefficients.</param>
    /// <param name="inputColumnName">The input column, a known-size <c>Vector&lt;Single&gt;</c> of non-negative values (dense or sparse); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="rank">Number of components, in <c>[1, min(rows, columns)]</c> (scikit-learn's <c>n_components</c>). Default 10.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty or <paramref name="rank"/> is less than 1.</exception>
    public static NonNegativeMatrixFactorizationEstimator NonNegativeMatrixFactorization(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        int rank = Defaults.NonNegativeMatrixFactorizationRank)
        => catalog.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Rank = rank,
        });

    /// <summary>Non-negative matrix factorization with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or two options do not go together, such as a Kullback-Leibler loss with the coordinate-descent solver (the message says which and the fix).</exception>
    public static NonNegativeMatrixFactorizationEstimator NonNegativeMatrixFactorization(this TransformsCatalog catalog, NonNegativeMatrixFactorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NonNegativeMatrixFactorizationEstimator(ComponentHost.FromCatalog(catalog, "NonNegativeMatrixFactorization"), options);
    }

    /// <summary>
    /// Suggests how many components the data supports (NMFk): for each of <paramref name="candidateRanks"/>, fits NMF to 10
    /// perturbed resamples from random starts, matches the components across fits by cosine similarity, and reports the
    /// mean reconstruction error, the stability and the silhouette of the component clusters; the suggested rank is the
    /// largest whose silhouette reaches 0.75. "How many topics?" for topic models. Use the options overload to change the resamples,
    /// the perturbation or the threshold.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="data">The data, read once into memory.</param>
    /// <param name="candidateRanks">The ranks to try, each in <c>[1, min(rows, columns)]</c>.</param>
    /// <param name="inputColumnName">The known-size <c>Vector&lt;Single&gt;</c> column of non-negative values (dense or sparse). Default "Features".</param>
    /// <returns>The score of every candidate and the suggested rank.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/>, <paramref name="data"/> or <paramref name="candidateRanks"/> is null.</exception>
    /// <exception cref="ArgumentException">No rank is given, a rank is listed twice or is less than 1, or a value is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type, or a rank exceeds <c>min(rows, columns)</c>.</exception>
    public static NonNegativeMatrixFactorizationRankSelection SelectNonNegativeMatrixFactorizationRank(
        this TransformsCatalog catalog,
        IDataView data,
        IReadOnlyList<int> candidateRanks,
        string inputColumnName = Defaults.FeatureColumnName)
        => catalog.SelectNonNegativeMatrixFactorizationRank(data, new NonNegativeMatrixFactorizationRankSelectionOptions
        {
            CandidateRanks = candidateRanks,
            InputColumnName = inputColumnName,
        });

    /// <summary>NMF rank selection with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="data">The data, read once into memory.</param>
    /// <param name="options">The settings; copied.</param>
    /// <returns>The score of every candidate and the suggested rank.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/>, <paramref name="data"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or a value is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type, or a rank exceeds <c>min(rows, columns)</c>.</exception>
    /// <exception cref="OperationCanceledException">The options' <c>CancellationToken</c> was cancelled.</exception>
    public static NonNegativeMatrixFactorizationRankSelection SelectNonNegativeMatrixFactorizationRank(this TransformsCatalog catalog, IDataView data, NonNegativeMatrixFactorizationRankSelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return RankSelector.Select(data, options.Clone(), ComponentHost.FromCatalog(catalog, "SelectNonNegativeMatrixFactorizationRank"));
    }
}
