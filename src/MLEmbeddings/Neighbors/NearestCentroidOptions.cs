namespace MLEmbeddings.Neighbors;

/// <summary>
/// Options of the nearest-centroid (prototype) classifier,
/// <c>mlContext.MulticlassClassification.Trainers.NearestCentroid(options)</c>.
/// </summary>
public sealed class NearestCentroidOptions
{
    /// <summary>The label column: a key type (add <c>mlContext.Transforms.Conversion.MapValueToKey</c> first). Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>The feature column: a known-size <c>Vector&lt;Single&gt;</c>. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>
    /// How a row is compared with the class prototypes. Default <see cref="NeighborMetric.Euclidean"/>, whose class
    /// probabilities are <c>softmax(-||x - c_k||^2 / T)</c> (prototypical networks); cosine and inner product use
    /// <c>softmax(s_k / T)</c>.
    /// </summary>
    public NeighborMetric Metric { get; set; } = NeighborMetric.Euclidean;

    /// <summary>
    /// Whether each class prototype (the mean of its rows) is scaled to unit L2 norm. Default false (scikit-learn's
    /// <c>NearestCentroid</c>); true gives the normalised prototypes of few-shot classifiers on embeddings.
    /// </summary>
    public bool NormalizePrototypes { get; set; }

    /// <summary>Softmax temperature <c>T &gt; 0</c> of the class probabilities. Default 1. The predicted class does not depend on it.</summary>
    public float Temperature { get; set; } = Defaults.Temperature;

    /// <summary>Number of rows scored per kernel call when transforming a data view, at least 1. Default 4096.</summary>
    public int BatchSize { get; set; } = Defaults.NeighborBatchSize;

    /// <summary>Most threads used for scoring; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>A copy, so that later changes to these options do not affect a component built from them.</summary>
    internal NearestCentroidOptions Clone() => (NearestCentroidOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.RequireColumnName(FeatureColumnName, nameof(FeatureColumnName));
        OptionChecks.RequireDefined(Metric, nameof(Metric));
        OptionChecks.RequirePositiveFinite(Temperature, nameof(Temperature));
        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
