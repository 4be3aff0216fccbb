namespace MLEmbeddings.Neighbors;

/// <summary>Options of the nearest-neighbour search transform, <c>mlContext.Transforms.SearchNearestNeighbors(options)</c>.</summary>
public sealed class NearestNeighborSearchOptions
{
    /// <summary>The vector column: a known-size <c>Vector&lt;Single&gt;</c>, read from the corpus at <c>Fit</c> and from the queries at <c>Transform</c>. Default "Features".</summary>
    public string InputColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>Output column of the neighbours' 0-based corpus row numbers, a <c>Vector&lt;Int64, k&gt;</c>. Default "NeighborIds".</summary>
    public string IdsColumnName { get; set; } = Defaults.NeighborIdsColumnName;

    /// <summary>
    /// Output column of the neighbours' scores, a <c>Vector&lt;Single, k&gt;</c>, best first, as faiss reports them:
    /// squared Euclidean distance ascending, or cosine / inner-product similarity descending. Default "NeighborScores".
    /// </summary>
    public string ScoresColumnName { get; set; } = Defaults.NeighborScoresColumnName;

    /// <summary>Neighbours returned per row, k, in <c>[1, corpus rows]</c>. Default 10 (faiss <c>k</c>).</summary>
    public int NumberOfNeighbors { get; set; } = Defaults.SearchNumberOfNeighbors;

    /// <summary>How rows are compared. Default <see cref="NeighborMetric.Euclidean"/>.</summary>
    public NeighborMetric Metric { get; set; } = NeighborMetric.Euclidean;

    /// <summary>
    /// Whether corpus rows identical to the query (the same vector, bit for bit; for cosine, the same direction after
    /// normalisation) are left out, so that searching the corpus against itself does not return each row as its own
    /// nearest neighbour. When too few other rows exist, the tail is id -1 with score +infinity (distance) or
    /// -infinity (similarity). Default false.
    /// </summary>
    public bool ExcludeSelfMatches { get; set; }

    /// <summary>
    /// The index storing the corpus, saved inside the model zip. Default <see cref="FlatIndexOptions"/> (exact search);
    /// <see cref="HnswIndexOptions"/> or <see cref="IvfIndexOptions"/> for approximate search, any of them with quantized storage.
    /// </summary>
    public VectorIndexOptions Index { get; set; } = new FlatIndexOptions();

    /// <summary>Number of rows searched per kernel call when transforming a data view, at least 1. Default 4096.</summary>
    public int BatchSize { get; set; } = Defaults.NeighborBatchSize;

    /// <summary>Most threads used by indexing and search; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Seed for indexes that use randomness; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>A copy, so that later changes to these options do not affect a component built from them.</summary>
    internal NearestNeighborSearchOptions Clone() => (NearestNeighborSearchOptions)MemberwiseClone();

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        OptionChecks.RequireColumnName(IdsColumnName, nameof(IdsColumnName));
        OptionChecks.RequireColumnName(ScoresColumnName, nameof(ScoresColumnName));
        if (IdsColumnName == ScoresColumnName)
        {
            throw new ArgumentException($"IdsColumnName and ScoresColumnName are both '{IdsColumnName}'; give the two output columns different names.", nameof(ScoresColumnName));
        }

        OptionChecks.RequireAtLeast(NumberOfNeighbors, 1, nameof(NumberOfNeighbors));
        OptionChecks.RequireDefined(Metric, nameof(Metric));
        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        ArgumentNullException.ThrowIfNull(Index, nameof(Index));
        Index.Validate();
        Index.ValidateNeighborCount(NumberOfNeighbors);
    }
}
