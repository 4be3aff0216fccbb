namespace MLEmbeddings.MetricLearning;

/// <summary>
/// Options of Information-Theoretic Metric Learning, <c>mlContext.Transforms.InformationTheoreticMetricLearning(options)</c>.
/// Supervised (constraints drawn from <see cref="MetricLearningOptionsBase.LabelColumnName"/>) or weakly supervised
/// (<see cref="Pairs"/> given: the label column is not read).
/// </summary>
public sealed class InformationTheoreticMetricLearningOptions : MetricLearningOptionsBase
{
    /// <summary>
    /// Similar / dissimilar row pairs to learn from instead of labels (weak supervision); null (default) draws
    /// <see cref="NumberOfConstraints"/> pairs from the labels. Rows are 0-based positions in the data given to <c>Fit</c>.
    /// </summary>
    public IReadOnlyList<MetricLearningPair>? Pairs { get; set; }

    /// <summary>
    /// Similar pairs drawn from the labels, and as many dissimilar pairs, at least 2; null (default) for
    /// <c>20 * classes^2</c> of each (metric-learn <c>num_constraints</c>). Ignored when <see cref="Pairs"/> is given.
    /// </summary>
    public int? NumberOfConstraints { get; set; }

    /// <summary>Slack weight gamma, finite and &gt; 0: larger values enforce the constraints more strictly. Default 1 (metric-learn <c>gamma</c>).</summary>
    public double Slack { get; set; } = Defaults.InformationTheoreticSlack;

    /// <summary>The prior <c>M_0</c>. Default <see cref="InformationTheoreticPrior.Identity"/> (metric-learn <c>prior='identity'</c>).</summary>
    public InformationTheoreticPrior Prior { get; set; } = InformationTheoreticPrior.Identity;

    /// <summary>
    /// Largest squared distance <c>u</c> wanted between similar rows; null (default) for the 5th percentile of squared prior
    /// distances between random constrained rows (metric-learn <c>bounds[0]</c>).
    /// </summary>
    public double? UpperBound { get; set; }

    /// <summary>
    /// Smallest squared distance <c>l</c> wanted between dissimilar rows; null (default) for the 95th percentile of squared
    /// prior distances between random constrained rows (metric-learn <c>bounds[1]</c>).
    /// </summary>
    public double? LowerBound { get; set; }

    /// <summary>Most sweeps over the constraints, 0 or more. Default 1000 (metric-learn <c>max_iter</c>).</summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.InformationTheoreticMaximumIterations;

    /// <summary>
    /// Converged when the dual variables change by less than this between sweeps,
    /// <c>||lambda - lambda_old||_1 / (||lambda||_2 + ||lambda_old||_2)</c>; &gt; 0. Default 1e-3 (metric-learn <c>convergence_threshold</c>).
    /// </summary>
    public double Tolerance { get; set; } = Defaults.InformationTheoreticTolerance;

    internal override MetricLearningOptionsBase Copy()
    {
        var copy = (InformationTheoreticMetricLearningOptions)base.Copy();
        copy.Pairs = Pairs?.ToArray();
        return copy;
    }

    internal override void Validate()
    {
        base.Validate();
        if (Pairs is null)
        {
            ValidateLabel();
        }
        else if (Pairs.Count == 0)
        {
            throw new ArgumentException("Pairs is empty; give at least one similar or dissimilar pair, or set Pairs to null to learn from the label column.", nameof(Pairs));
        }

        if (NumberOfConstraints is int constraints)
        {
            OptionChecks.RequireAtLeast(constraints, 2, nameof(NumberOfConstraints));
        }

        OptionChecks.RequirePositiveFinite(Slack, nameof(Slack));
        OptionChecks.RequireDefined(Prior, nameof(Prior));
        if (UpperBound is double upper)
        {
            OptionChecks.RequirePositiveFinite(upper, nameof(UpperBound));
        }

        if (LowerBound is double lower)
        {
            OptionChecks.RequirePositiveFinite(lower, nameof(LowerBound));
        }

        if (UpperBound is double u && LowerBound is double l && u > l)
        {
            throw new ArgumentException($"UpperBound ({u}) is larger than LowerBound ({l}): similar pairs would be allowed to be farther apart than dissimilar ones must be. Use UpperBound <= LowerBound.", nameof(UpperBound));
        }

        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 0, nameof(MaximumNumberOfIterations));
        OptionChecks.RequirePositiveFinite(Tolerance, nameof(Tolerance));
    }
}
