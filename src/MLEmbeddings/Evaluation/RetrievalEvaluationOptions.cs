using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Options of <c>mlContext.Embeddings().EvaluateRetrieval(...)</c>: retrieval metrics of an embedding with
/// pytorch-metric-learning's <c>AccuracyCalculator</c> semantics.
/// </summary>
public sealed class RetrievalEvaluationOptions
{
    /// <summary>The embedding column, a known-size <c>Vector&lt;Single&gt;</c>. Default "Features".</summary>
    public string EmbeddingColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>The key-typed label column (add <c>MapValueToKey</c> first); rows with a missing label are skipped. Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>
    /// The cut-offs K of Recall@K, each at least 1 and at most the number of rows a query can retrieve. Recall@K is the
    /// share of queries with at least one row of their class among their K nearest neighbours (the metric-learning
    /// definition). Default 1, 2, 4, 8; an empty list computes none.
    /// </summary>
    public IReadOnlyList<int> RecallAtK { get; set; } = Defaults.RecallAtK;

    /// <summary>
    /// Neighbours retrieved per query: the cut-off of mean reciprocal rank (a query whose first same-class neighbour is
    /// further scores 0). Null (default) uses the size of the largest reference class, as pytorch-metric-learning's
    /// <c>k=None</c>. An explicit value must be at least the largest R (so that R-Precision and MAP@R see all R
    /// neighbours) and at most the number of rows a query can retrieve (pytorch-metric-learning <c>k</c>).
    /// </summary>
    public int? NumberOfNeighbors { get; set; }

    /// <summary>How rows are compared. Default <see cref="NeighborMetric.Euclidean"/> (pytorch-metric-learning's default faiss L2 search).</summary>
    public NeighborMetric Metric { get; set; } = NeighborMetric.Euclidean;

    /// <summary>
    /// Whether each metric is the mean over classes of the per-class means (pytorch-metric-learning <c>avg_of_avgs</c>),
    /// rather than the mean over queries. Default false.
    /// </summary>
    public bool AveragePerClass { get; set; }

    /// <summary>Most threads used by the neighbour search; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>A copy of these options.</summary>
    internal RetrievalEvaluationOptions Clone() => new()
    {
        EmbeddingColumnName = EmbeddingColumnName,
        LabelColumnName = LabelColumnName,
        RecallAtK = RecallAtK?.ToArray()!,
        NumberOfNeighbors = NumberOfNeighbors,
        Metric = Metric,
        AveragePerClass = AveragePerClass,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
    };

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(EmbeddingColumnName, nameof(EmbeddingColumnName));
        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        ArgumentNullException.ThrowIfNull(RecallAtK, nameof(RecallAtK));
        foreach (int k in RecallAtK)
        {
            OptionChecks.RequireAtLeast(k, 1, nameof(RecallAtK));
        }

        if (NumberOfNeighbors is int neighbors)
        {
            OptionChecks.RequireAtLeast(neighbors, 1, nameof(NumberOfNeighbors));
        }

        OptionChecks.RequireDefined(Metric, nameof(Metric));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
