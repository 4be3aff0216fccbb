using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Evaluation;

/// <summary>Options of <c>mlContext.Embeddings().EvaluateQuality(...)</c>: label-free diagnostics of an embedding (plus alignment when labels are given).</summary>
public sealed class EmbeddingQualityOptions
{
    /// <summary>The embedding column, a known-size <c>Vector&lt;Single&gt;</c>. Default "Features".</summary>
    public string EmbeddingColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>
    /// An optional key-typed label column: rows of the same class are the positive pairs of the alignment metric. Null
    /// (default) skips alignment. Rows with a missing label are skipped when it is given.
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Temperature <c>t</c> of the uniformity metric, finite and greater than 0. Default 2 (Wang and Isola).</summary>
    public double UniformityTemperature { get; set; } = Defaults.UniformityTemperature;

    /// <summary>
    /// Most rows whose pairs the uniformity averages over (its cost grows with the square): a seeded random sample of
    /// that many rows when there are more, at least 2. Default 4096.
    /// </summary>
    public int UniformitySampleSize { get; set; } = Defaults.UniformitySampleSize;

    /// <summary>k of the hubness diagnostic, at least 1 and less than the number of rows. Default 10.</summary>
    public int HubnessNeighbors { get; set; } = Defaults.HubnessNeighbors;

    /// <summary>How neighbours are found for the hubness diagnostic. Default <see cref="NeighborMetric.Euclidean"/>.</summary>
    public NeighborMetric Metric { get; set; } = NeighborMetric.Euclidean;

    /// <summary>Epsilon added to the normalised singular values by RankMe, 0 or more. Default 1e-7 (the paper's value).</summary>
    public double RankMeEpsilon { get; set; } = Defaults.RankMeEpsilon;

    /// <summary>Seed of the uniformity sample; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Most threads used; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>A copy of these options.</summary>
    internal EmbeddingQualityOptions Clone() => (EmbeddingQualityOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(EmbeddingColumnName, nameof(EmbeddingColumnName));
        if (LabelColumnName is not null)
        {
            OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        }

        OptionChecks.RequirePositiveFinite((float)UniformityTemperature, nameof(UniformityTemperature));
        OptionChecks.RequireAtLeast(UniformitySampleSize, 2, nameof(UniformitySampleSize));
        OptionChecks.RequireAtLeast(HubnessNeighbors, 1, nameof(HubnessNeighbors));
        OptionChecks.RequireDefined(Metric, nameof(Metric));
        if (!(RankMeEpsilon >= 0) || double.IsInfinity(RankMeEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(RankMeEpsilon), RankMeEpsilon, $"RankMeEpsilon must be a finite number >= 0; got {RankMeEpsilon}.");
        }

        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
