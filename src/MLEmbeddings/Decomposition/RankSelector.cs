using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// NMFk rank selection (Alexandrov et al., the rank estimation used by semantic NMF topic models): for each candidate
/// rank, fit coordinate-descent NMF from random starts to several resamples of the data perturbed by multiplicative
/// uniform noise, match the components across fits and score their stability and silhouette
/// (<see cref="ComponentClusters"/>) and the mean reconstruction error. Too many components split or mix the real
/// ones differently in every fit, so the silhouette collapses past the rank the data supports; the suggested rank is
/// the largest whose silhouette reaches the threshold.
/// </summary>
internal static class RankSelector
{
    /// <summary>Scores every candidate rank on <paramref name="data"/> and suggests one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type, or a candidate rank exceeds <c>min(rows, columns)</c>.</exception>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative, or the data is empty.</exception>
    /// <exception cref="OperationCanceledException">The selection was cancelled.</exception>
    public static NonNegativeMatrixFactorizationRankSelection Select(IDataView data, NonNegativeMatrixFactorizationRankSelectionOptions options, ComponentHost host)
    {
        string column = options.InputColumnName;
        FactorizationInput input;
        if (SparseTrainingDataReader.FirstRowIsSparse(data, column))
        {
            CsrMatrix rows = SparseTrainingDataReader.Read(data, column, host, options.CancellationToken);
            NonNegativeDataCheck.Require(rows, 0, column, strictlyPositive: false, nameof(data));
            input = new SparseFactorizationInput(rows);
        }
        else
        {
            TrainingRows rows = TrainingDataReader.Read(data, column, labelColumnName: null, host, options.CancellationToken);
            NonNegativeDataCheck.Require(rows.View, 0, column, strictlyPositive: false, nameof(data));
            input = new DenseFactorizationInput(rows.View);
        }

        foreach (int rank in options.CandidateRanks)
        {
            FullBatchFactorization.RequireRankFits(rank, input.Rows, input.Columns, nameof(data));
        }

        int seed = host.Seed(options.Seed);
        var scores = new List<NonNegativeMatrixFactorizationRankScore>();
        foreach (int rank in options.CandidateRanks.Order())
        {
            var fits = new List<float[][]>();
            double errors = 0;
            for (int resample = 0; resample < options.NumberOfResamples; resample++)
            {
                int fitSeed = unchecked((seed * 1_000_003) + (rank * 7_919) + resample);
                (float[][] components, double error) = FitResample(input, rank, options, fitSeed, host);
                fits.Add(components);
                errors += error;
            }

            (double stability, double silhouette) = ComponentClusters.Score(fits);
            var score = new NonNegativeMatrixFactorizationRankScore(rank, errors / options.NumberOfResamples, stability, silhouette);
            host.Info($"NMF rank selection: rank {rank}: mean relative error {score.ReconstructionError:G4}, stability {stability:G4}, silhouette {silhouette:G4}.");
            scores.Add(score);
        }

        int suggested = scores.Where(s => s.Silhouette >= options.SilhouetteThreshold).Select(s => s.Rank).DefaultIfEmpty(scores[0].Rank).Max();
        return new NonNegativeMatrixFactorizationRankSelection(scores, suggested);
    }

    /// <summary>One coordinate-descent fit from a random start to a perturbed copy of the data; returns its unit-length components and relative error.</summary>
    private static (float[][] Components, double Error) FitResample(FactorizationInput input, int rank, NonNegativeMatrixFactorizationRankSelectionOptions options, int seed, ComponentHost host)
    {
        FactorizationInput perturbed = Perturb(input, options.PerturbationAmplitude, seed);
        var settings = new FactorizationSettings(BetaLoss.Frobenius, rank, options.MaximumNumberOfIterations, options.Tolerance, 0f, 0f, 0f, input.Columns, input.Rows, options.MaxDegreeOfParallelism, AcceleratedSweeps: true);
        FactorizationState state = FactorizationInitializer.Initialize(perturbed, settings, NonNegativeMatrixFactorizationInitialization.Random, null, solveCoefficients: false, seed);
        var monitor = new IterationMonitor(host, null, settings.MaximumIterations, options.CancellationToken);
        new CoordinateDescentSolver().Run(perturbed, state, settings, monitor);
        double residual = perturbed.SquaredResidual(state.Coefficients, state.ComponentsTransposed, settings.MaxDegreeOfParallelism);
        DenseMatrix components = state.Components();
        float[][] unit = Enumerable.Range(0, rank).Select(t =>
        {
            float[] row = components.Row(t).ToArray();
            VectorOperations.Normalize(row);
            return row;
        }).ToArray();
        return (unit, FactorizationResult.RelativeError(residual, perturbed.SquaredNorm));
    }

    /// <summary>A copy of the data with every stored value multiplied by an independent uniform factor in <c>[1 - amplitude, 1 + amplitude]</c>.</summary>
    private static FactorizationInput Perturb(FactorizationInput input, float amplitude, int seed)
    {
        var random = new Random(seed);
        if (input is SparseFactorizationInput sparse)
        {
            CsrMatrix data = sparse.Data;
            float[] values = data.Values.ToArray();
            for (int p = 0; p < values.Length; p++)
            {
                values[p] *= Factor(random, amplitude);
            }

            return new SparseFactorizationInput(CsrMatrix.TakeOwnership(data.Rows, data.Columns, data.RowPointers.ToArray(), data.ColumnIndices.ToArray(), values));
        }

        ReadOnlyMatrixView dense = ((DenseFactorizationInput)input).Data;
        float[] copy = dense.ToArray();
        for (int k = 0; k < copy.Length; k++)
        {
            copy[k] *= Factor(random, amplitude);
        }

        return new DenseFactorizationInput(new ReadOnlyMatrixView(copy, dense.Rows, dense.Columns));
    }

    private static float Factor(Random random, float amplitude) => (float)(1 + (amplitude * ((2 * random.NextDouble()) - 1)));
}
