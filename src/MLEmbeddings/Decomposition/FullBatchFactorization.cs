using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The full-batch fit: reads every row (sparse input stays CSR; the Itakura-Saito loss reads dense), checks the
/// values and the rank, initialises the factors and runs the coordinate-descent or multiplicative-update solver.
/// </summary>
internal static class FullBatchFactorization
{
    /// <summary>Fits the factorization described by <paramref name="options"/> to <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type, or the rank does not fit the data.</exception>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative (or zero for Itakura-Saito), the data is empty, or the initial components have the wrong size.</exception>
    /// <exception cref="OperationCanceledException">The fit was cancelled.</exception>
    public static FactorizationResult Fit(IDataView data, NonNegativeMatrixFactorizationOptions options, ComponentHost host)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string column = options.EffectiveInputColumnName;
        bool strictlyPositive = options.Loss == NonNegativeMatrixFactorizationLoss.ItakuraSaito;
        FactorizationInput input;
        if (!strictlyPositive && SparseTrainingDataReader.FirstRowIsSparse(data, column))
        {
            CsrMatrix rows = SparseTrainingDataReader.Read(data, column, host, options.CancellationToken);
            NonNegativeDataCheck.Require(rows, 0, column, strictlyPositive, nameof(data));
            input = new SparseFactorizationInput(rows);
        }
        else
        {
            TrainingRows rows = TrainingDataReader.Read(data, column, labelColumnName: null, host, options.CancellationToken);
            NonNegativeDataCheck.Require(rows.View, 0, column, strictlyPositive, nameof(data));
            input = new DenseFactorizationInput(rows.View);
        }

        RequireRankFits(options.Rank, input.Rows, input.Columns, nameof(data));
        RequireComponentsFit(options.InitialComponents, input.Columns, column, nameof(data));
        var settings = FactorizationSettings.From(options, input.Rows, input.Columns);
        int seed = host.Seed(options.Seed);
        bool coordinateDescent = options.Solver == NonNegativeMatrixFactorizationSolver.CoordinateDescent;
        if (!coordinateDescent && options.InitialComponents is null && options.Initialization == NonNegativeMatrixFactorizationInitialization.Nndsvd)
        {
            host.Warning("NNDSVD initialisation leaves zeros that multiplicative updates can never change; NndsvdA or NndsvdAR usually fit better with this solver.");
        }

        double readSeconds = watch.Elapsed.TotalSeconds;
        FactorizationState state = FactorizationInitializer.Initialize(input, settings, options.Initialization, options.InitialComponents, coordinateDescent, seed);
        string start = options.InitialComponents is null ? options.Initialization.ToString() : "user-supplied components";
        host.Info(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"NMF: read {input.Rows} x {input.Columns} ({(input is SparseFactorizationInput ? "sparse" : "dense")}) in {readSeconds:F3} s; {start} start in {watch.Elapsed.TotalSeconds - readSeconds:F3} s."));
        IFactorizationSolver solver = coordinateDescent ? new CoordinateDescentSolver() : new MultiplicativeUpdateSolver();
        var monitor = new IterationMonitor(host, options.Progress, settings.MaximumIterations, options.CancellationToken);
        FactorizationOutcome outcome = solver.Run(input, state, settings, monitor);
        int threads = settings.MaxDegreeOfParallelism;
        double residual = input.SquaredResidual(state.Coefficients, state.ComponentsTransposed, threads);
        double divergence = settings.Loss == BetaLoss.Frobenius ? 0.5 * residual : input.Divergence(settings.Loss, state.Coefficients, state.ComponentsTransposed, threads);
        return new FactorizationResult(null, outcome.Iterations, outcome.Converged, FactorizationResult.RelativeError(residual, input.SquaredNorm), divergence, input.Rows, state.ReleaseComponentsTransposed());
    }

    /// <summary>Requires <c>1 &lt;= rank &lt;= min(rows, columns)</c>.</summary>
    public static void RequireRankFits(int rank, int rows, int columns, string parameterName)
    {
        int limit = Math.Min(rows, columns);
        if (rank > limit)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                $"Rank is {rank} but the data has {rows} rows and {columns} columns; the rank must be in [1, {limit}] (at most min(rows, columns)). Choose a smaller Rank or provide more data.");
        }
    }

    /// <summary>Requires user-supplied components, when given, to have one column per input slot.</summary>
    public static void RequireComponentsFit(DenseMatrix? components, int columns, string columnName, string parameterName)
    {
        if (components is not null && components.Columns != columns)
        {
            throw new ArgumentException(
                $"InitialComponents has {components.Columns} columns but column '{columnName}' has vectors of size {columns}; give one value per input slot.",
                parameterName);
        }
    }
}
