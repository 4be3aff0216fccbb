namespace MLEmbeddings.MetricLearning;

/// <summary>Options every Mahalanobis metric learner shares: columns, output dimension, threads, seed, progress and cancellation.</summary>
public abstract class MetricLearningOptionsBase
{
    /// <summary>Only this library's options derive from this class.</summary>
    private protected MetricLearningOptionsBase()
    {
    }

    /// <summary>Name of the output column, a <c>Vector&lt;Single, Rank&gt;</c> holding <c>y = L x</c>. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>Name of the input column, a known-size <c>Vector&lt;Single&gt;</c> (dense or sparse); null means <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>The label column: a key type (add <c>mlContext.Transforms.Conversion.MapValueToKey</c> first); rows with a missing label are skipped. Default "Label".</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>
    /// Output dimension <c>r</c>, the number of rows of <c>L</c>, in <c>[1, input size]</c>; null (default) keeps the input
    /// size. scikit-learn <c>n_components</c>.
    /// </summary>
    public int? Rank { get; set; }

    /// <summary>Most threads used; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Seed of the random choices (random initialisation, mini-batches, sampled constraints); null (default) takes one from the <c>MLContext</c>. scikit-learn <c>random_state</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Receives one report per iteration (also written to the <c>MLContext</c> log as trace messages); null for none.</summary>
    public IProgress<MetricLearningProgress>? Progress { get; set; }

    /// <summary>Stops <c>Fit</c> with an <see cref="OperationCanceledException"/> at the next iteration when cancelled.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The input column to read: <see cref="InputColumnName"/>, or <see cref="OutputColumnName"/> when it is null.</summary>
    internal string ResolvedInputColumnName => InputColumnName ?? OutputColumnName;

    /// <summary>A copy (lists copied too), so later changes to this object do not affect an estimator.</summary>
    internal virtual MetricLearningOptionsBase Copy() => (MetricLearningOptionsBase)MemberwiseClone();

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash.</exception>
    internal virtual void Validate()
    {
        OptionChecks.RequireColumnName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is not null)
        {
            OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        }

        if (Rank is int rank)
        {
            OptionChecks.RequireAtLeast(rank, 1, nameof(Rank));
        }

        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }

    /// <summary>Checks the label column name (for the learners that read labels).</summary>
    private protected void ValidateLabel() => OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
}
