using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using Microsoft.ML;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Computes <see cref="EmbeddingQualityMetrics"/>: reads the rows, then runs the kernels (singular values, norms,
/// uniformity on a seeded sample, within-class distances, leave-one-out k-NN for the k-occurrence counts).
/// </summary>
internal static class EmbeddingQualityEvaluator
{
    /// <summary>Evaluates the embedding column of <paramref name="data"/>.</summary>
    public static EmbeddingQualityMetrics Evaluate(ComponentHost host, IDataView data, EmbeddingQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        TrainingRows rows = TrainingDataReader.Read(data, options.EmbeddingColumnName, options.LabelColumnName, host);
        if (rows.Count < 2)
        {
            throw new ArgumentException($"Embedding diagnostics need at least 2 rows; got {rows.Count}.", nameof(data));
        }

        if (options.HubnessNeighbors >= rows.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.HubnessNeighbors, $"HubnessNeighbors is {options.HubnessNeighbors}, but each row has only {rows.Count - 1} other rows. Use HubnessNeighbors <= {rows.Count - 1}.");
        }

        int threads = options.MaxDegreeOfParallelism;
        double effectiveRank = EmbeddingStatistics.EffectiveRank(EmbeddingStatistics.SingularValues(rows.View, threads), options.RankMeEpsilon);

        var norms = new float[rows.Count];
        VectorOperations.L2Norms(rows.View, norms);
        double meanNorm = norms.Sum(n => (double)n) / rows.Count;

        var normalized = (float[])rows.Features.Clone();
        VectorOperations.NormalizeRows(new MatrixView(normalized, rows.Count, rows.Dimension));
        var unit = new ReadOnlyMatrixView(normalized, rows.Count, rows.Dimension);
        double uniformity = EmbeddingStatistics.Uniformity(Sample(unit, options.UniformitySampleSize, host.Seed(options.Seed)), options.UniformityTemperature, threads);
        double? alignment = rows.Classes is null ? null : EmbeddingStatistics.MeanSquaredDistanceWithinClasses(unit, rows.Classes, rows.ClassCount);

        double hubness = Hubness(rows.View, options.HubnessNeighbors, NeighborVoting.ToKernelMetric(options.Metric), threads);
        host.Info($"Embedding diagnostics of {rows.Count} rows of dimension {rows.Dimension}.");
        return new EmbeddingQualityMetrics(effectiveRank, alignment, uniformity, meanNorm, hubness, options.HubnessNeighbors, rows.Count, rows.Dimension);
    }

    /// <summary>Skewness of the k-occurrence counts of a leave-one-out k-NN graph.</summary>
    private static double Hubness(ReadOnlyMatrixView rows, int k, DistanceMetric metric, int threads)
    {
        var index = new ExactNearestNeighbors(rows, metric);
        var occurrences = new double[rows.Rows];
        const int Chunk = 4096;
        var ids = new int[Chunk * k];
        var excluded = new int[Chunk];
        for (int first = 0; first < rows.Rows; first += Chunk)
        {
            int count = Math.Min(Chunk, rows.Rows - first);
            for (int q = 0; q < count; q++)
            {
                excluded[q] = first + q;
            }

            index.Search(rows.SliceRows(first, count), k, ids.AsSpan(0, count * k), default, excluded.AsSpan(0, count), threads);
            foreach (int id in ids.AsSpan(0, count * k))
            {
                if (id >= 0)
                {
                    occurrences[id]++;
                }
            }
        }

        return EmbeddingStatistics.Skewness(occurrences);
    }

    /// <summary>All rows when there are at most <paramref name="size"/>, else a seeded sample of <paramref name="size"/> rows in their original order.</summary>
    private static ReadOnlyMatrixView Sample(ReadOnlyMatrixView rows, int size, int seed)
    {
        if (rows.Rows <= size)
        {
            return rows;
        }

        int[] order = Enumerable.Range(0, rows.Rows).ToArray();
        new Random(seed).Shuffle(order);
        int[] picked = order[..size];
        Array.Sort(picked);
        var values = new float[size * rows.Columns];
        for (int i = 0; i < size; i++)
        {
            rows.Row(picked[i]).CopyTo(values.AsSpan(i * rows.Columns, rows.Columns));
        }

        return new ReadOnlyMatrixView(values, size, rows.Columns);
    }
}
