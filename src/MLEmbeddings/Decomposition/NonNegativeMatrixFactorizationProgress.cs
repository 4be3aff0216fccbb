namespace MLEmbeddings.Decomposition;

/// <summary>
/// Progress of a non-negative matrix factorization fit, reported once per iteration (per mini-batch for the mini-batch
/// solver) through <c>NonNegativeMatrixFactorizationOptions.Progress</c> and as a trace message in the
/// <c>MLContext</c> log.
/// </summary>
/// <param name="Iteration">The iteration (pass over the data) in progress or just finished, 1-based.</param>
/// <param name="MaximumNumberOfIterations">The iteration limit.</param>
/// <param name="RowsProcessed">Rows processed in this pass so far (all rows for the full-batch solvers).</param>
/// <param name="ConvergenceMeasure">
/// The quantity compared with the tolerance, when one was computed: the projected-gradient violation relative to the
/// first iteration's (coordinate descent), the relative decrease of the error over the last 10 iterations
/// (multiplicative updates, every 10th iteration), or the relative change of the components (mini-batch); NaN otherwise.
/// </param>
/// <param name="RelativeError">
/// The relative error <c>||X - W H||_F / ||X||_F</c> after this iteration, when it was computed: every iteration for
/// coordinate descent (from the solver's products, to about float precision), every 10th iteration for multiplicative
/// updates with the Frobenius loss; NaN otherwise.
/// </param>
public readonly record struct NonNegativeMatrixFactorizationProgress(int Iteration, int MaximumNumberOfIterations, long RowsProcessed, double ConvergenceMeasure, double RelativeError);
