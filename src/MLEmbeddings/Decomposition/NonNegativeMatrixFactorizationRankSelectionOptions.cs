namespace MLEmbeddings.Decomposition;

/// <summary>
/// Options of NMF rank selection, <c>mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(data, options)</c>:
/// the NMFk procedure (Alexandrov et al.) that answers "how many components (topics) does this data hold?".
/// </summary>
public sealed class NonNegativeMatrixFactorizationRankSelectionOptions
{
    /// <summary>The input column, a known-size <c>Vector&lt;Single&gt;</c> of non-negative values (dense or sparse). Default "Features".</summary>
    public string InputColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>The ranks to try, each at least 1 and at most <c>min(rows, columns)</c>, no duplicates. Required.</summary>
    public IReadOnlyList<int> CandidateRanks { get; set; } = [];

    /// <summary>Perturbed resamples fitted per rank, at least 2. Default 10.</summary>
    public int NumberOfResamples { get; set; } = Defaults.RankSelectionResamples;

    /// <summary>
    /// Relative amplitude <c>a</c> of the perturbation, in <c>[0, 1)</c>: each resample multiplies every stored value by an
    /// independent uniform factor in <c>[1 - a, 1 + a]</c>. Default 0.03.
    /// </summary>
    public float PerturbationAmplitude { get; set; } = Defaults.RankSelectionPerturbation;

    /// <summary>
    /// The silhouette a rank needs to be suggested, in <c>(-1, 1]</c>: the suggested rank is the largest candidate whose
    /// <see cref="NonNegativeMatrixFactorizationRankScore.Silhouette"/> reaches it (NMFk's criterion). Default 0.75.
    /// </summary>
    public float SilhouetteThreshold { get; set; } = Defaults.RankSelectionSilhouetteThreshold;

    /// <summary>Most coordinate-descent iterations per fit, at least 1. Default 1000: the fits must converge for their components to be compared.</summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.RankSelectionMaximumIterations;

    /// <summary>Stopping tolerance of each fit, 0 or more (see <see cref="NonNegativeMatrixFactorizationOptions.Tolerance"/>). Default 1e-6.</summary>
    public float Tolerance { get; set; } = Defaults.RankSelectionTolerance;

    /// <summary>Seed of the perturbations and random initialisations; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Most threads used; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Cancels the selection (checked once per fit iteration); it then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it, the expected and the received value).</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        ArgumentNullException.ThrowIfNull(CandidateRanks, nameof(CandidateRanks));
        if (CandidateRanks.Count == 0)
        {
            throw new ArgumentException($"{nameof(CandidateRanks)} is empty; give at least one rank to try, for example [2, 3, 4, 5, 6].", nameof(CandidateRanks));
        }

        foreach (int rank in CandidateRanks)
        {
            OptionChecks.RequireAtLeast(rank, 1, nameof(CandidateRanks));
        }

        if (CandidateRanks.Distinct().Count() != CandidateRanks.Count)
        {
            throw new ArgumentException($"{nameof(CandidateRanks)} lists a rank twice: {string.Join(", ", CandidateRanks)}; give each rank once.", nameof(CandidateRanks));
        }

        OptionChecks.RequireAtLeast(NumberOfResamples, 2, nameof(NumberOfResamples));
        if (!(PerturbationAmplitude >= 0f && PerturbationAmplitude < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(PerturbationAmplitude), PerturbationAmplitude, $"{nameof(PerturbationAmplitude)} must be in [0, 1); got {PerturbationAmplitude}.");
        }

        if (!(SilhouetteThreshold > -1f && SilhouetteThreshold <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(SilhouetteThreshold), SilhouetteThreshold, $"{nameof(SilhouetteThreshold)} must be in (-1, 1]; got {SilhouetteThreshold}.");
        }

        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 1, nameof(MaximumNumberOfIterations));
        if (!(Tolerance >= 0f) || !float.IsFinite(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"{nameof(Tolerance)} must be a finite number >= 0; got {Tolerance}.");
        }

        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }

    /// <summary>A copy, so later changes by the caller do not affect a running selection.</summary>
    internal NonNegativeMatrixFactorizationRankSelectionOptions Clone()
    {
        var copy = (NonNegativeMatrixFactorizationRankSelectionOptions)MemberwiseClone();
        copy.CandidateRanks = [.. CandidateRanks];
        return copy;
    }
}
