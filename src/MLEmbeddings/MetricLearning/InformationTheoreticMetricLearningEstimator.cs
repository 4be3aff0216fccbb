using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// Information-Theoretic Metric Learning (Davis, Kulis, Jain, Sra and Dhillon 2007; metric-learn <c>ITML</c>): the
/// Mahalanobis matrix <c>M</c> closest to a prior <c>M_0</c> in LogDet divergence such that similar pairs are within squared
/// distance <c>u</c> and dissimilar pairs at least <c>l</c> apart (with slack), found by cyclic Bregman projections; <c>L</c>
/// comes from the leading eigenpairs of <c>M</c> (<c>L^T L = M</c> exactly when <c>Rank</c> is the input size). Created by
/// <c>mlContext.Transforms.InformationTheoreticMetricLearning(...)</c>.
/// </summary>
/// <remarks>
/// Two ways to supervise it. With labels (default), <c>NumberOfConstraints</c> similar pairs (same class) and as many
/// dissimilar pairs (different classes) are drawn at random with the seed. Without labels (weak supervision), give the
/// pairs yourself in <see cref="InformationTheoreticMetricLearningOptions.Pairs"/> or through the catalog overload that
/// takes <see cref="MetricLearningPair"/> values: each names two 0-based row positions of the data given to <c>Fit</c>
/// and whether they are similar; the label column is then not read. Each projection costs <c>O(d^2)</c>, so time grows
/// with the number of constraints and sweeps, not with the number of rows.
/// </remarks>
public sealed class InformationTheoreticMetricLearningEstimator : MetricLearningEstimatorBase
{
    internal InformationTheoreticMetricLearningEstimator(ComponentHost host, InformationTheoreticMetricLearningOptions options)
        : base(host, options)
    {
    }

    private InformationTheoreticMetricLearningOptions Settings => (InformationTheoreticMetricLearningOptions)Options;

    private protected override MetricLearningAlgorithm Algorithm => MetricLearningAlgorithm.InformationTheoreticMetricLearning;

    private protected override string? LabelColumnName => Settings.Pairs is null ? Settings.LabelColumnName : null;

    private protected override int MaximumIterations => Settings.MaximumNumberOfIterations;

    private protected override MetricLearningResult Learn(TrainingRows rows, int rank, MetricLearningRun run)
    {
        (int[] first, int[] second, bool[] similar) = Settings.Pairs is null ? DrawPairs(rows, run.Seed, "input") : GivenPairs(Settings.Pairs, rows.Count, "input");
        run.ThrowIfCancellationRequested();
        return InformationTheoreticSolver.Learn(
            rows.View,
            first,
            second,
            similar,
            rank,
            Settings.Prior == InformationTheoreticPrior.InverseCovariance,
            Settings.UpperBound,
            Settings.LowerBound,
            Settings.Slack,
            Settings.MaximumNumberOfIterations,
            Settings.Tolerance,
            Defaults.InformationTheoreticBoundSamples,
            run.Seed,
            run.Threads,
            run.IterationCompleted);
    }

    private static (int[] First, int[] Second, bool[] Similar) GivenPairs(IReadOnlyList<MetricLearningPair> pairs, int rowCount, string parameterName)
    {
        var first = new int[pairs.Count];
        var second = new int[pairs.Count];
        var similar = new bool[pairs.Count];
        for (int p = 0; p < pairs.Count; p++)
        {
            MetricLearningPair pair = pairs[p];
            foreach (long row in new[] { pair.FirstRow, pair.SecondRow })
            {
                if (row < 0 || row >= rowCount)
                {
                    throw new ArgumentOutOfRangeException(
                        parameterName,
                        $"Pairs[{p}] ({pair.FirstRow}, {pair.SecondRow}) refers to row {row}, but the data has {rowCount} rows, numbered 0 to {rowCount - 1}. Pairs name 0-based row positions of the data given to Fit.");
                }
            }

            if (pair.FirstRow == pair.SecondRow)
            {
                throw new ArgumentException($"Pairs[{p}] joins row {pair.FirstRow} with itself; a constraint needs two different rows.", parameterName);
            }

            first[p] = (int)pair.FirstRow;
            second[p] = (int)pair.SecondRow;
            similar[p] = pair.Similar;
        }

        return (first, second, similar);
    }

    private (int[] First, int[] Second, bool[] Similar) DrawPairs(TrainingRows rows, int seed, string parameterName)
    {
        ClassSortedRows data = ClassSortedRows.Create(rows.View, rows.Classes!, center: false);
        int perKind = Settings.NumberOfConstraints ?? (Defaults.InformationTheoreticConstraintsPerSquaredClass * data.ClassCount * data.ClassCount);
        var pairedRows = Enumerable.Range(0, data.Count).Where(i => data.ClassSize(data.ClassOfRow[i]) >= 2).ToArray();
        if (pairedRows.Length == 0)
        {
            throw new ArgumentException($"Label '{Settings.LabelColumnName}': every class has a single row, so no similar pair can be drawn. ITML needs a class with at least 2 rows.", parameterName);
        }

        var random = new Random(seed);
        var first = new int[2 * perKind];
        var second = new int[2 * perKind];
        var similar = new bool[2 * perKind];
        for (int p = 0; p < perKind; p++)
        {
            int a = pairedRows[random.Next(pairedRows.Length)];
            int c = data.ClassOfRow[a];
            int offset = random.Next(data.ClassSize(c) - 1);
            int b = data.ClassStarts[c] + offset;
            if (b >= a)
            {
                b++;
            }

            (first[p], second[p], similar[p]) = (data.Order[a], data.Order[b], true);

            int x = random.Next(data.Count);
            int classOfX = data.ClassOfRow[x];
            int y = random.Next(data.Count - data.ClassSize(classOfX));
            if (y >= data.ClassStarts[classOfX])
            {
                y += data.ClassSize(classOfX);
            }

            (first[perKind + p], second[perKind + p], similar[perKind + p]) = (data.Order[x], data.Order[y], false);
        }

        return (first, second, similar);
    }
}
