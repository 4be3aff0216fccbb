namespace MLEmbeddings.MetricLearning;

/// <summary>Options of Local Fisher Discriminant Analysis, <c>mlContext.Transforms.LocalFisherDiscriminantAnalysis(options)</c>.</summary>
public sealed class LocalFisherDiscriminantAnalysisOptions : MetricLearningOptionsBase
{
    /// <summary>
    /// Which same-class neighbour sets each row's local scale <c>sigma_i</c> (the distance to it), at least 1; a class of
    /// <c>n_c &lt;= k</c> rows uses its <c>(n_c - 1)</c>-th. Default 7 (metric-learn <c>k</c>).
    /// </summary>
    public int NumberOfNeighbors { get; set; } = Defaults.LocalFisherNumberOfNeighbors;

    /// <summary>How the eigenvectors are scaled into <c>L</c>. Default <see cref="LocalFisherEmbedding.Weighted"/> (metric-learn <c>embedding_type='weighted'</c>).</summary>
    public LocalFisherEmbedding Embedding { get; set; } = LocalFisherEmbedding.Weighted;

    /// <summary>
    /// Ridge added to the local within-class scatter, relative to its mean diagonal (<c>S_w + regularization tr(S_w)/d I</c>),
    /// so the generalized eigenproblem stays definite when a feature is constant; finite and &gt; 0. Default 1e-4.
    /// </summary>
    public double Regularization { get; set; } = Defaults.LocalFisherRegularization;

    internal override void Validate()
    {
        base.Validate();
        ValidateLabel();
        OptionChecks.RequireAtLeast(NumberOfNeighbors, 1, nameof(NumberOfNeighbors));
        OptionChecks.RequireDefined(Embedding, nameof(Embedding));
        OptionChecks.RequirePositiveFinite(Regularization, nameof(Regularization));
    }
}
