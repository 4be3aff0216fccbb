namespace MLEmbeddings.Neighbors;

/// <summary>
/// Options of the k-nearest-neighbours classifier,
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(options)</c>.
/// </summary>
public sealed class KNearestNeighborsOptions
{
    /// <summary>The label column: a key type (add <c>mlContext.Transforms.Conversion.MapValueToKey</c> first). Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>The feature column: a known-size <c>Vector&lt;Single&gt;</c> (dense or sparse). Default "Features".</summary>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>
    /// Number of neighbours that vote, k, in <c>[1, number of training rows]</c>. Default 5. scikit-learn
    /// <c>n_neighbors</c>.
    /// </summary>
    public int NumberOfNeighbors { get; set; } = Defaults.NumberOfNeighbors;

    /// <summary>How rows are compared. Default <see cref="NeighborMetric.Euclidean"/>. scikit-learn <c>metric</c>.</summary>
    public NeighborMetric Metric { get; set; } = NeighborMetric.Euclidean;

    /// <summary>How the neighbours vote. Default <see cref="NeighborWeighting.Uniform"/>. scikit-learn <c>weights</c>.</summary>
    public NeighborWeighting Weighting { get; set; } = NeighborWeighting.Uniform;

    /// <summary>
    /// Temperature <c>T &gt; 0</c> of <see cref="NeighborWeighting.Softmax"/> voting (weights <c>exp(s / T)</c>);
    /// ignored by the other weightings. Default 1.
    /// </summary>
    public float Temperature { get; set; } = Defaults.Temperature;

    /// <summary>
    /// The index that stores the training vectors and answers neighbour queries, saved inside the model zip. Default
    /// <see cref="FlatIndexOptions"/> (exact search; scikit-learn <c>algorithm='brute'</c>); <see cref="HnswIndexOptions"/>
    /// or <see cref="IvfIndexOptions"/> for approximate search over large training sets, any of them with quantized storage.
    /// </summary>
    public VectorIndexOptions Index { get; set; } = new FlatIndexOptions();

    /// <summary>Number of rows scored per kernel call when transforming a data view, at least 1. Default 4096.</summary>
    public int BatchSize { get; set; } = Defaults.NeighborBatchSize;

    /// <summary>Most threads used by indexing and scoring; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Seed for indexes that use randomness (approximate indexes); null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>A copy, so that later changes to these options do not affect a component built from them.</summary>
    internal KNearestNeighborsOptions Clone() => (KNearestNeighborsOptions)MemberwiseClone();

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or combined with one it does not work with.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.RequireColumnName(FeatureColumnName, nameof(FeatureColumnName));
        OptionChecks.RequireAtLeast(NumberOfNeighbors, 1, nameof(NumberOfNeighbors));
        OptionChecks.RequireDefined(Metric, nameof(Metric));
        OptionChecks.RequireDefined(Weighting, nameof(Weighting));
        OptionChecks.RequirePositiveFinite(Temperature, nameof(Temperature));
        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        ArgumentNullException.ThrowIfNull(Index, nameof(Index));
        Index.Validate();
        Index.ValidateNeighborCount(NumberOfNeighbors);
        if (Weighting == NeighborWeighting.InverseDistance && Metric == NeighborMetric.InnerProduct)
        {
            throw new ArgumentException(
                "Weighting is InverseDistance but Metric is InnerProduct, which is a similarity, not a distance. " +
                "Use Metric = Euclidean or Cosine with InverseDistance, or Weighting = Uniform or Softmax with InnerProduct.",
                nameof(Weighting));
        }
    }
}
