using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Mini-batch (online) NMF for data larger than memory: the data is streamed in batches of <c>BatchSize</c> rows, one
/// batch held at a time. For each batch, the coefficients <c>W_b</c> are solved with <c>H</c> fixed
/// (<see cref="CoefficientSolver"/>, scikit-learn's fresh restarts), then <c>H</c> takes one step from running sums
/// that decay by <c>rho = forget_factor^(batch / n)</c> per batch (so by the forget factor per pass):
/// <list type="bullet">
/// <item>Frobenius: online HALS (Mairal, Bach, Ponce and Sapiro 2010): the sums of <c>W_b^T W_b</c> and
/// <c>X_b^T W_b</c> are the Gram matrix and cross term of one <see cref="NonNegativeCoordinateDescent.Sweep"/> of
/// <c>Ht</c>, with the penalties scaled by the decayed row count;</item>
/// <item>Kullback-Leibler and Itakura-Saito: online multiplicative updates (Lefevre, Bach and Fevotte 2011,
/// scikit-learn's <c>MiniBatchNMF</c>,
/// <see cref="MultiplicativeUpdate.ApplyOnline(MatrixView, ReadOnlyMatrixView, ReadOnlyMatrixView, MatrixView, MatrixView, float, MultiplicativeUpdateSettings, int)"/>).</item>
/// </list>
/// It stops after <c>MaximumNumberOfIterations</c> passes, when <c>||H - H_prev|| / ||H|| &lt;= tolerance</c> after a
/// step, or when the smoothed batch loss has not improved for 10 steps (scikit-learn's <c>_minibatch_convergence</c>).
/// <c>H</c> starts from the user-supplied components or from the initialisation of the first batch. A last pass
/// measures the error.
/// </summary>
internal static class MiniBatchFactorization
{
    /// <summary>Fits the factorization described by <paramref name="options"/> by streaming <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type, or the rank does not fit the data or the first batch.</exception>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative (or zero for Itakura-Saito), or the data is empty.</exception>
    /// <exception cref="OperationCanceledException">The fit was cancelled.</exception>
    public static FactorizationResult Fit(IDataView data, NonNegativeMatrixFactorizationOptions options, ComponentHost host)
    {
        string column = options.EffectiveInputColumnName;
        bool strictlyPositive = options.Loss == NonNegativeMatrixFactorizationLoss.ItakuraSaito;
        bool sparse = !strictlyPositive && SparseTrainingDataReader.FirstRowIsSparse(data, column);
        using var reader = new FeatureBatchReader(data, column, options.BatchSize, sparse);
        long rowCount = data.GetRowCount() ?? CountRows(data);
        if (rowCount == 0)
        {
            throw new ArgumentException("The training data has no rows. Provide at least one row with a feature vector.", nameof(data));
        }

        int columns = reader.Dimension;
        FullBatchFactorization.RequireRankFits(options.Rank, (int)Math.Min(rowCount, int.MaxValue), columns, nameof(data));
        FullBatchFactorization.RequireComponentsFit(options.InitialComponents, columns, column, nameof(data));
        int batchSize = (int)Math.Min(options.BatchSize, rowCount);
        float forget = (float)Math.Pow(options.ForgetFactor, (double)batchSize / rowCount);
        var settings = FactorizationSettings.From(options, batchSize, columns);
        int threads = settings.MaxDegreeOfParallelism;
        int rank = settings.Rank;
        int seed = host.Seed(options.Seed);

        reader.Restart();
        DenseMatrix components = options.InitialComponents ?? InitialComponents(reader, options, settings, column, strictlyPositive, seed);
        var state = new Online(components, columns, rank);
        var monitor = new IterationMonitor(host, options.Progress, settings.MaximumIterations, options.CancellationToken);
        var convergence = new StepConvergence(rowCount);
        int iterations = 0;
        bool converged = false;
        for (int iteration = 1; iteration <= settings.MaximumIterations && !converged; iteration++)
        {
            iterations = iteration;
            reader.Restart();
            long processed = 0;
            int count;
            while (!converged && (count = reader.ReadBatch()) > 0)
            {
                FactorizationInput batch = ReadBatch(reader, count, column, strictlyPositive);
                FactorizationSettings batchSettings = settings with { Rows = count };
                double cost = state.Step(batch, batchSettings, forget);
                processed += count;
                double change = state.RelativeChange();
                converged = convergence.Update(cost, change, count, settings.Tolerance);
                monitor.Report(iteration, processed, change, double.NaN);
            }
        }

        if (!converged)
        {
            host.Info($"Mini-batch NMF stopped after {iterations} passes without meeting the tolerance {settings.Tolerance}.");
        }

        (double relative, double divergence) = MeasureError(reader, state.Components(), settings, column, strictlyPositive, monitor);
        return new FactorizationResult(state.Components(), iterations, converged, relative, divergence, rowCount);
    }

    private static long CountRows(IDataView data)
    {
        long count = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }

    private static FactorizationInput ReadBatch(FeatureBatchReader reader, int count, string column, bool strictlyPositive)
    {
        if (reader.IsSparse)
        {
            SparseRows rows = reader.Sparse(count);
            var matrix = new CsrMatrix(count, rows.Columns, rows.RowPointers, rows.ColumnIndices, rows.Values);
            NonNegativeDataCheck.Require(matrix, reader.FirstRow, column, strictlyPositive, "data");
            return new SparseFactorizationInput(matrix);
        }

        ReadOnlyMatrixView dense = reader.Dense(count);
        NonNegativeDataCheck.Require(dense, reader.FirstRow, column, strictlyPositive, "data");
        return new DenseFactorizationInput(dense);
    }

    /// <summary>The starting components from the initialisation of the first batch.</summary>
    private static DenseMatrix InitialComponents(FeatureBatchReader reader, NonNegativeMatrixFactorizationOptions options, FactorizationSettings settings, string column, bool strictlyPositive, int seed)
    {
        int count = reader.ReadBatch();
        if (options.Rank > Math.Min(count, reader.Dimension))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"Rank is {options.Rank} but the first mini-batch has {count} rows and {reader.Dimension} columns; the components are initialised from the first batch, so use BatchSize >= Rank or give InitialComponents.");
        }

        FactorizationInput first = ReadBatch(reader, count, column, strictlyPositive);
        FactorizationState state = FactorizationInitializer.Initialize(first, settings with { Rows = count }, options.Initialization, null, solveCoefficients: false, seed);
        return state.Components();
    }

    /// <summary>One more pass: solves every batch's coefficients and sums the residual, the data norm and the divergence.</summary>
    private static (double Relative, double Divergence) MeasureError(FeatureBatchReader reader, DenseMatrix components, FactorizationSettings settings, string column, bool strictlyPositive, IterationMonitor monitor)
    {
        var solver = new CoefficientSolver(components, settings.Loss, settings.L1W, settings.L2W, settings.Tolerance, settings.MaximumIterations, settings.MaxDegreeOfParallelism);
        double residual = 0;
        double norm = 0;
        double divergence = 0;
        reader.Restart();
        int count;
        while ((count = reader.ReadBatch()) > 0)
        {
            monitor.ThrowIfCancellationRequested();
            FactorizationInput batch = ReadBatch(reader, count, column, strictlyPositive);
            MatrixView coefficients = MatrixView.Allocate(count, settings.Rank);
            batch.SolveCoefficients(solver, coefficients);
            double squared = batch.SquaredResidual(coefficients, solver.ComponentsTransposed, settings.MaxDegreeOfParallelism);
            residual += squared;
            norm += batch.SquaredNorm;
            divergence += settings.Loss == BetaLoss.Frobenius ? 0.5 * squared : batch.Divergence(settings.Loss, coefficients, solver.ComponentsTransposed, settings.MaxDegreeOfParallelism);
        }

        return (FactorizationResult.RelativeError(residual, norm), divergence);
    }

    /// <summary>The components and the running sums of the online updates, in the <c>Ht</c> layout.</summary>
    private sealed class Online
    {

        private readonly MatrixView _componentsTransposed;
        private readonly MatrixView _previous;
        private readonly MatrixView _numeratorSum;
        private readonly MatrixView _denominatorSum;
        private readonly MatrixView _numerator;
        private readonly MatrixView _denominator;
        private readonly MatrixView _gram;
        private readonly MatrixView _gramSum;
        private readonly MatrixView _crossSum;
        private double _effectiveRows;

        public Online(DenseMatrix components, int columns, int rank)
        {
            DenseMatrix transposed = components.Transpose();
            _componentsTransposed = new MatrixView(transposed.ToArray(), columns, rank);
            _previous = MatrixView.Allocate(columns, rank);
            _numeratorSum = new MatrixView(transposed.ToArray(), columns, rank);
            _denominatorSum = MatrixView.Allocate(columns, rank);
            _denominatorSum.Fill(1f);
            _numerator = MatrixView.Allocate(columns, rank);
            _denominator = MatrixView.Allocate(columns, rank);
            _gram = MatrixView.Allocate(rank, rank);
            _gramSum = MatrixView.Allocate(rank, rank);
            _crossSum = MatrixView.Allocate(columns, rank);
        }

        public DenseMatrix Components() => DenseMatrix.FromView(_componentsTransposed).Transpose();

        /// <summary>Solves the batch's coefficients, returns its loss per row (before the <c>H</c> step), then updates <c>H</c>.</summary>
        public double Step(FactorizationInput batch, FactorizationSettings settings, float forget)
        {
            int threads = settings.MaxDegreeOfParallelism;
            int rank = settings.Rank;
            var solver = new CoefficientSolver(Components(), settings.Loss, settings.L1W, settings.L2W, settings.Tolerance, settings.MaximumIterations, threads);
            MatrixView coefficients = MatrixView.Allocate(batch.Rows, rank);
            batch.SolveCoefficients(solver, coefficients);
            double cost = batch.Divergence(settings.Loss, coefficients, _componentsTransposed, threads) / batch.Rows;
            CopyRows(_componentsTransposed, _previous);
            MultiplicativeUpdateSettings step = MultiplicativeUpdateSettings.For(settings.Loss, settings.L1H, settings.L2H, isComponents: true);
            if (settings.Loss == BetaLoss.Frobenius)
            {
                // Online HALS: decayed sums of W_b^T W_b and X_b^T W_b are the Gram matrix and cross term of the H step.
                batch.TransposeMultiply(coefficients, _numerator, threads);
                Gemm.Multiply(coefficients, true, coefficients, false, _gram, maxDegreeOfParallelism: threads);
                Decay(_gramSum, forget, _gram);
                Decay(_crossSum, forget, _numerator);
                _effectiveRows = (forget * _effectiveRows) + batch.Rows;
                float l1 = (float)(_effectiveRows * settings.AlphaH * settings.L1Ratio);
                float l2 = (float)(_effectiveRows * settings.AlphaH * (1 - settings.L1Ratio));
                NonNegativeCoordinateDescent.Sweep(_componentsTransposed, _gramSum, _crossSum, l1, l2, threads);
            }
            else if (settings.Loss == BetaLoss.KullbackLeibler)
            {
                batch.ComponentTerms(settings.Loss, coefficients, _componentsTransposed, _numerator, _denominator, threads);
                MultiplicativeUpdate.ApplyOnline(_componentsTransposed, _numerator, ColumnSumsZeroAsOne(coefficients), _numeratorSum, _denominatorSum, forget, step, threads);
            }
            else
            {
                batch.ComponentTerms(settings.Loss, coefficients, _componentsTransposed, _numerator, _denominator, threads);
                MultiplicativeUpdate.ApplyOnline(_componentsTransposed, _numerator, _denominator, _numeratorSum, _denominatorSum, forget, step, threads);
            }

            return cost;
        }

        /// <summary><c>sum = forget * sum + value</c> for contiguous matrices of the same shape.</summary>
        private static void Decay(MatrixView sum, float forget, ReadOnlyMatrixView value)
            => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(sum.Data.Span[..(sum.Rows * sum.Columns)], forget, value.Data.Span[..(value.Rows * value.Columns)], sum.Data.Span);

        /// <summary><c>||H - H_prev||_F / ||H||_F</c> of the last step.</summary>
        public double RelativeChange()
        {
            double difference = 0;
            double norm = 0;
            for (int j = 0; j < _componentsTransposed.Rows; j++)
            {
                ReadOnlySpan<float> current = _componentsTransposed.Row(j);
                ReadOnlySpan<float> previous = _previous.Row(j);
                difference += VectorOperations.SquaredEuclideanDistance(current, previous);
                norm += VectorOperations.SquaredL2Norm(current);
            }

            return norm > 0 ? Math.Sqrt(difference / norm) : 0;
        }

        private static void CopyRows(ReadOnlyMatrixView source, MatrixView target)
        {
            for (int i = 0; i < source.Rows; i++)
            {
                source.Row(i).CopyTo(target.Row(i));
            }
        }

        private static float[] ColumnSumsZeroAsOne(ReadOnlyMatrixView matrix)
        {
            var total = new double[matrix.Columns];
            for (int i = 0; i < matrix.Rows; i++)
            {
                ReadOnlySpan<float> row = matrix.Row(i);
                for (int t = 0; t < total.Length; t++)
                {
                    total[t] += row[t];
                }
            }

            return total.Select(sum => sum == 0 ? 1f : (float)sum).ToArray();
        }
    }

    /// <summary>scikit-learn's <c>_minibatch_convergence</c>: a small change of <c>H</c>, or no improvement of the exponentially weighted batch loss for 10 steps.</summary>
    private sealed class StepConvergence(long rowCount)
    {
        private int _steps;
        private double? _smoothed;
        private double? _best;
        private int _withoutImprovement;

        /// <summary>Takes one step's loss per row and relative change of <c>H</c>; returns true when the fit should stop.</summary>
        public bool Update(double batchCost, double change, int batchRows, float tolerance)
        {
            _steps++;
            if (_steps == 1)
            {
                return false;
            }

            if (tolerance > 0 && change <= tolerance)
            {
                return true;
            }

            // The smoothing weight of a batch is its share of the data (at most 1).
            double weight = Math.Min(1.0, batchRows / (rowCount + 1.0));
            _smoothed = _smoothed is double previous ? (previous * (1 - weight)) + (batchCost * weight) : batchCost;
            if (_best is null || _smoothed < _best)
            {
                _withoutImprovement = 0;
                _best = _smoothed;
            }
            else
            {
                _withoutImprovement++;
            }

            return _withoutImprovement >= Defaults.NonNegativeMatrixFactorizationMaximumStepsWithoutImprovement;
        }
    }
}
