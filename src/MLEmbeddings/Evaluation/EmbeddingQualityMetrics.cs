using System.Globalization;

namespace MLEmbeddings.Evaluation;

/// <summary>Diagnostics of an embedding's geometry. Immutable.</summary>
public sealed class EmbeddingQualityMetrics
{
    internal EmbeddingQualityMetrics(double effectiveRank, double? alignment, double uniformity, double meanNorm, double hubness, int hubnessNeighbors, int rowCount, int dimension)
    {
        EffectiveRank = effectiveRank;
        Alignment = alignment;
        Uniformity = uniformity;
        MeanNorm = meanNorm;
        Hubness = hubness;
        HubnessNeighbors = hubnessNeighbors;
        RowCount = rowCount;
        Dimension = dimension;
    }

    /// <summary>
    /// RankMe (Garrido et al. 2023): <c>exp(-sum_k p_k ln p_k)</c> with <c>p_k = sigma_k / ||sigma||_1 + epsilon</c> over the
    /// singular values <c>sigma</c> of the (uncentred) embedding matrix. In <c>[1, min(rows, dimension)]</c>; higher means the
    /// embedding uses more directions (collapse shows as a low value).
    /// </summary>
    public double EffectiveRank { get; }

    /// <summary>
    /// Alignment (Wang and Isola 2020, <c>alpha = 2</c>): the mean of <c>||f(x) - f(y)||^2</c> over all pairs of rows of the
    /// same class, on L2-normalised embeddings. In [0, 4]; lower is better. Null when no label column was given; NaN
    /// when no class has two rows.
    /// </summary>
    public double? Alignment { get; }

    /// <summary>
    /// Uniformity (Wang and Isola 2020): <c>ln mean_{i &lt; j} exp(-t ||f(x_i) - f(x_j)||^2)</c> over pairs of L2-normalised
    /// embeddings (of a sample, see <see cref="EmbeddingQualityOptions.UniformitySampleSize"/>). In <c>[-4t, 0]</c>; lower is more uniform.
    /// </summary>
    public double Uniformity { get; }

    /// <summary>The mean L2 norm of the (unnormalised) embeddings.</summary>
    public double MeanNorm { get; }

    /// <summary>
    /// Hubness (Radovanovic et al. 2010): the skewness of the k-occurrence distribution, where the k-occurrence of a row is
    /// how many other rows count it among their <see cref="HubnessNeighbors"/> nearest neighbours. Near 0 for evenly spread
    /// neighbourhoods; large positive values mean a few hubs are everyone's neighbours.
    /// </summary>
    public double Hubness { get; }

    /// <summary>k of the hubness diagnostic.</summary>
    public int HubnessNeighbors { get; }

    /// <summary>Number of rows evaluated.</summary>
    public int RowCount { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>The metrics, one per line.</summary>
    public override string ToString()
    {
        CultureInfo culture = CultureInfo.InvariantCulture;
        string alignment = Alignment is double value ? value.ToString("F4", culture) : "(no labels)";
        return string.Create(culture, $"""
            RankMe effective rank   {EffectiveRank:F2} of {Math.Min(RowCount, Dimension)}
            Alignment               {alignment}
            Uniformity              {Uniformity:F4}
            Mean norm               {MeanNorm:G6}
            Hubness (k = {HubnessNeighbors,-3})      {Hubness:F4}
            {RowCount} rows of dimension {Dimension}.
            """);
    }
}
