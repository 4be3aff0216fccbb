using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Options of non-negative matrix factorization, <c>mlContext.Transforms.NonNegativeMatrixFactorization(options)</c>:
/// find non-negative <c>W</c> (<c>n x rank</c>) and <c>H</c> (<c>rank x d</c>) minimising
/// <c>D(X | W H) + alpha_W (l1_ratio d ||W||_1 + 0.5 (1 - l1_ratio) d ||W||_F^2) + alpha_H (l1_ratio n ||H||_1 + 0.5 (1 - l1_ratio) n ||H||_F^2)</c>,
/// scikit-learn's <c>NMF</c> objective.
/// </summary>
public sealed class NonNegativeMatrixFactorizationOptions
{
    /// <summary>Name of the output column, a <c>Vector&lt;Single, Rank&gt;</c> holding each row's coefficients <c>w</c>. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>Name of the input column, a known-size <c>Vector&lt;Single&gt;</c> of non-negative values (dense or sparse); null means <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>Number of components, in <c>[1, min(rows, columns)]</c> (scikit-learn's <c>n_components</c>). Default <see cref="Defaults.NonNegativeMatrixFactorizationRank"/>.</summary>
    public int Rank { get; set; } = Defaults.NonNegativeMatrixFactorizationRank;

    /// <summary>The fitting algorithm (scikit-learn's <c>solver</c>). Default <see cref="NonNegativeMatrixFactorizationSolver.CoordinateDescent"/>.</summary>
    public NonNegativeMatrixFactorizationSolver Solver { get; set; } = NonNegativeMatrixFactorizationSolver.CoordinateDescent;

    /// <summary>
    /// The divergence minimised (scikit-learn's <c>beta_loss</c>). Default <see cref="NonNegativeMatrixFactorizationLoss.Frobenius"/>.
    /// Kullback-Leibler and Itakura-Saito need a multiplicative-update solver.
    /// </summary>
    public NonNegativeMatrixFactorizationLoss Loss { get; set; } = NonNegativeMatrixFactorizationLoss.Frobenius;

    /// <summary>How <c>W</c> and <c>H</c> start when <see cref="InitialComponents"/> is not set (scikit-learn's <c>init</c>). Default <see cref="NonNegativeMatrixFactorizationInitialization.NndsvdA"/>.</summary>
    public NonNegativeMatrixFactorizationInitialization Initialization { get; set; } = NonNegativeMatrixFactorizationInitialization.NndsvdA;

    /// <summary>
    /// User-supplied starting components <c>H</c> (<c>Rank x d</c>, non-negative, not all zero), or null (default) to use
    /// <see cref="Initialization"/>. <c>W</c> then starts at each row's coefficients for these components: their
    /// non-negative least-squares solution for the coordinate-descent solver, <c>sqrt(mean(X) / Rank)</c> everywhere for
    /// the multiplicative-update solvers (scikit-learn's <c>transform</c> start).
    /// </summary>
    public DenseMatrix? InitialComponents { get; set; }

    /// <summary>Most iterations (passes over the data), at least 1 (scikit-learn's <c>max_iter</c>); also the most coordinate sweeps or updates per row when transforming. Default 200.</summary>
    public int MaximumNumberOfIterations { get; set; } = Defaults.NonNegativeMatrixFactorizationMaximumIterations;

    /// <summary>
    /// Stopping tolerance, 0 or more (scikit-learn's <c>tol</c>; 0 runs <see cref="MaximumNumberOfIterations"/>): coordinate
    /// descent stops when the projected-gradient violation falls to <c>Tolerance</c> times the first iteration's;
    /// multiplicative updates when the error decreased by less than <c>Tolerance</c> times the initial error over 10
    /// iterations; mini-batch when the components change by less than <c>Tolerance</c> (relative) in one step.
    /// Default 1e-4.
    /// </summary>
    public float Tolerance { get; set; } = Defaults.NonNegativeMatrixFactorizationTolerance;

    /// <summary>
    /// Whether the coordinate-descent solver repeats the cheap sweeps of a factor after each product with the data while
    /// they still make progress (accelerated HALS, Gillis and Glineur 2012): the same fixed points, reached in fewer
    /// iterations and less time. Default true; false makes every iteration exactly scikit-learn's <c>cd</c> iteration
    /// (one sweep per factor), for comparing iteration by iteration.
    /// </summary>
    public bool AcceleratedSweeps { get; set; } = true;

    /// <summary>Regularisation strength of <c>W</c>, 0 or more (scikit-learn's <c>alpha_W</c>). Default 0.</summary>
    public float AlphaW { get; set; }

    /// <summary>Regularisation strength of <c>H</c>, 0 or more, or null (default) for the same as <see cref="AlphaW"/> (scikit-learn's <c>alpha_H='same'</c>).</summary>
    public float? AlphaH { get; set; }

    /// <summary>Share of L1 in the regularisation, in <c>[0, 1]</c>: 0 is pure L2, 1 pure L1 (scikit-learn's <c>l1_ratio</c>). Default 0.</summary>
    public float L1Ratio { get; set; }

    /// <summary>Rows per mini-batch (<see cref="NonNegativeMatrixFactorizationSolver.MiniBatch"/>, scikit-learn's <c>batch_size</c>) and rows per kernel call when transforming, at least 1. Default 1024.</summary>
    public int BatchSize { get; set; } = Defaults.NonNegativeMatrixFactorizationBatchSize;

    /// <summary>
    /// Weight of the past in the mini-batch running sums, in <c>(0, 1]</c> (scikit-learn's <c>forget_factor</c>): after a pass
    /// over the data the old sums are scaled by it. Default 0.7 (scikit-learn's); for the Frobenius loss a smaller value
    /// (0.1 - 0.3) forgets the coefficients of stale components sooner and usually ends closer to the full-batch fit.
    /// </summary>
    public float ForgetFactor { get; set; } = Defaults.NonNegativeMatrixFactorizationForgetFactor;

    /// <summary>Seed of the randomized SVD and random initialisations; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Most threads used by fitting and transforming; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Receives one report per iteration (per mini-batch for the mini-batch solver); null (default) for none. Reports also go to the <c>MLContext</c> log as trace messages.</summary>
    public IProgress<NonNegativeMatrixFactorizationProgress>? Progress { get; set; }

    /// <summary>Cancels a long fit (checked once per iteration or batch); <c>Fit</c> then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The input column: <see cref="InputColumnName"/>, or <see cref="OutputColumnName"/> when it is null.</summary>
    internal string EffectiveInputColumnName => InputColumnName ?? OutputColumnName;

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash (the message names them and the fix).</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is not null)
        {
            OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        }

        OptionChecks.RequireAtLeast(Rank, 1, nameof(Rank));
        OptionChecks.RequireDefined(Solver, nameof(Solver));
        OptionChecks.RequireDefined(Loss, nameof(Loss));
        OptionChecks.RequireDefined(Initialization, nameof(Initialization));
        OptionChecks.RequireAtLeast(MaximumNumberOfIterations, 1, nameof(MaximumNumberOfIterations));
        RequireInRange(Tolerance, 0f, float.MaxValue, nameof(Tolerance));
        RequireInRange(AlphaW, 0f, float.MaxValue, nameof(AlphaW));
        if (AlphaH is float alphaH)
        {
            RequireInRange(alphaH, 0f, float.MaxValue, nameof(AlphaH));
        }

        RequireInRange(L1Ratio, 0f, 1f, nameof(L1Ratio));
        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        if (!(ForgetFactor > 0f && ForgetFactor <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ForgetFactor), ForgetFactor, $"{nameof(ForgetFactor)} must be in (0, 1]; got {ForgetFactor}.");
        }

        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        if (Loss != NonNegativeMatrixFactorizationLoss.Frobenius && Solver == NonNegativeMatrixFactorizationSolver.CoordinateDescent)
        {
            throw new ArgumentException(
                $"Loss {Loss} is not supported by Solver {Solver}, which minimises the Frobenius loss only. " +
                $"Use Solver = {nameof(NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate)} (or {nameof(NonNegativeMatrixFactorizationSolver.MiniBatch)}) with this loss, or Loss = {nameof(NonNegativeMatrixFactorizationLoss.Frobenius)}.",
                nameof(Loss));
        }

        if (InitialComponents is DenseMatrix components)
        {
            ValidateInitialComponents(components, Rank, nameof(InitialComponents));
        }
    }

    /// <summary>A copy, so later changes by the caller do not affect an estimator.</summary>
    internal NonNegativeMatrixFactorizationOptions Clone() => (NonNegativeMatrixFactorizationOptions)MemberwiseClone();

    private static void ValidateInitialComponents(DenseMatrix components, int rank, string option)
    {
        if (components.Rows != rank)
        {
            throw new ArgumentException($"{option} has {components.Rows} rows; expected Rank = {rank} rows (one per component).", option);
        }

        ReadOnlySpan<float> values = components.AsSpan();
        bool anyPositive = false;
        for (int k = 0; k < values.Length; k++)
        {
            if (!float.IsFinite(values[k]) || values[k] < 0f)
            {
                throw new ArgumentException(
                    $"{option}[{k / Math.Max(components.Columns, 1)}, {k % Math.Max(components.Columns, 1)}] is {values[k]}; expected finite values >= 0.",
                    option);
            }

            anyPositive |= values[k] > 0f;
        }

        if (!anyPositive)
        {
            throw new ArgumentException($"{option} is all zeros; give at least one positive value (an all-zero start cannot be updated).", option);
        }
    }

    private static void RequireInRange(float value, float minimum, float maximum, string option)
    {
        if (!(value >= minimum && value <= maximum))
        {
            string range = maximum == float.MaxValue ? $"a finite number >= {minimum}" : $"in [{minimum}, {maximum}]";
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be {range}; got {value}.");
        }
    }
}
