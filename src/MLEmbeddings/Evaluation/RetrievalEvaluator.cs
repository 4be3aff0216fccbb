using System.Globalization;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using Microsoft.ML;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Reads queries and reference rows, checks the settings against the class sizes, ranks the reference rows of every
/// query with the fused exact search (<see cref="ExactNearestNeighbors"/>, the query itself excluded by id in the
/// leave-one-out case), in chunks of queries, and scores the rankings with <see cref="RetrievalScoring"/>.
/// </summary>
internal static class RetrievalEvaluator
{
    // Neighbour ids held at once: 4 M entries (16 MiB).
    private const int ChunkEntries = 1 << 22;

    /// <summary>Evaluates <paramref name="queries"/> against <paramref name="reference"/>, or against themselves (leave-one-out) when it is null.</summary>
    public static RetrievalMetrics Evaluate(ComponentHost host, IDataView queries, IDataView? reference, RetrievalEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(queries);
        TrainingRows references = TrainingDataReader.Read(reference ?? queries, options.EmbeddingColumnName, options.LabelColumnName, host);
        bool leaveOneOut = reference is null;
        TrainingRows queryRows = references;
        if (!leaveOneOut)
        {
            queryRows = TrainingDataReader.Read(queries, options.EmbeddingColumnName, options.LabelColumnName, host);
            RequireCompatible(queries, reference!, options, queryRows, references);
        }

        string[] classNames = ClassNames(reference ?? queries, options.LabelColumnName, references.ClassCount);
        int[] classSizes = new int[references.ClassCount];
        foreach (int c in references.Classes!)
        {
            classSizes[c]++;
        }

        int available = leaveOneOut ? references.Count - 1 : references.Count;
        int excluded = 0;
        int largestRelevant = 0;
        int largestClass = 0;
        for (int q = 0; q < queryRows.Count; q++)
        {
            int relevant = classSizes[queryRows.Classes![q]] - (leaveOneOut ? 1 : 0);
            excluded += relevant == 0 ? 1 : 0;
            if (relevant > largestRelevant)
            {
                largestRelevant = relevant;
                largestClass = queryRows.Classes[q];
            }
        }

        if (largestRelevant == 0)
        {
            throw new ArgumentException(
                $"No query has a reference row of its class in '{options.LabelColumnName}'{(leaveOneOut ? " (every class has a single row, and leave-one-out leaves nothing to retrieve)" : string.Empty)}. Retrieval metrics need at least one class with {(leaveOneOut ? "two rows" : "rows in both sets")}.",
                nameof(queries));
        }

        int neighbors = ResolveNeighbors(options, classSizes, available, largestRelevant, classNames[largestClass], leaveOneOut);
        int searchCount = Math.Max(neighbors, options.RecallAtK.Count == 0 ? 0 : options.RecallAtK.Max());
        host.Info($"Ranking {searchCount} of {references.Count} reference rows for {queryRows.Count} queries ({options.Metric}{(leaveOneOut ? ", leave-one-out" : string.Empty)}).");

        var index = new ExactNearestNeighbors(references.View, NeighborVoting.ToKernelMetric(options.Metric));
        var scoring = new RetrievalScoring(references.ClassCount, options.RecallAtK, neighbors);
        int chunk = Math.Max(1, Math.Min(queryRows.Count, ChunkEntries / searchCount));
        var ids = new int[chunk * searchCount];
        var excludedIds = leaveOneOut ? new int[chunk] : [];
        var neighborClasses = new int[searchCount];
        for (int first = 0; first < queryRows.Count; first += chunk)
        {
            host.ThrowIfCancellationRequested();
            int count = Math.Min(chunk, queryRows.Count - first);
            for (int q = 0; q < excludedIds.Length && q < count; q++)
            {
                excludedIds[q] = first + q;
            }

            index.Search(
                queryRows.View.SliceRows(first, count),
                searchCount,
                ids.AsSpan(0, count * searchCount),
                default,
                leaveOneOut ? excludedIds.AsSpan(0, count) : default,
                options.MaxDegreeOfParallelism);
            for (int q = 0; q < count; q++)
            {
                int queryClass = queryRows.Classes![first + q];
                int relevant = classSizes[queryClass] - (leaveOneOut ? 1 : 0);
                if (relevant == 0)
                {
                    continue;
                }

                for (int j = 0; j < searchCount; j++)
                {
                    int id = ids[(q * searchCount) + j];
                    neighborClasses[j] = id < 0 ? -1 : references.Classes![id];
                }

                scoring.Add(queryClass, relevant, neighborClasses);
            }

            host.Trace($"Ranked {first + count} of {queryRows.Count} queries.");
        }

        if (excluded > 0)
        {
            host.Warning($"{excluded} queries have no reference row of their class and were left out.");
        }

        return scoring.Result(options.AveragePerClass, excluded);
    }

    private static int ResolveNeighbors(RetrievalEvaluationOptions options, int[] classSizes, int available, int largestRelevant, string largestClassName, bool leaveOneOut)
    {
        string availability = leaveOneOut
            ? $"each query can retrieve at most {available} rows (the {available + 1} rows less the query itself, leave-one-out)"
            : $"the reference has only {available} rows";
        foreach (int k in options.RecallAtK)
        {
            if (k > available)
            {
                throw new ArgumentOutOfRangeException(nameof(options), k, $"RecallAtK contains K = {k}, but {availability}. Use values of K up to {available}.");
            }
        }

        if (options.NumberOfNeighbors is not int neighbors)
        {
            return Math.Min(classSizes.Max(), available);
        }

        if (neighbors > available)
        {
            throw new ArgumentOutOfRangeException(nameof(options), neighbors, $"NumberOfNeighbors is {neighbors}, but {availability}. Use NumberOfNeighbors <= {available}, or null.");
        }

        if (neighbors < largestRelevant)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                neighbors,
                $"NumberOfNeighbors is {neighbors}, but class '{largestClassName}' has R = {largestRelevant} relevant rows per query, and R-Precision and MAP@R rank the first R neighbours of every query. Use NumberOfNeighbors >= {largestRelevant}, or null for the size of the largest class.");
        }

        return neighbors;
    }

    private static void RequireCompatible(IDataView queries, IDataView reference, RetrievalEvaluationOptions options, TrainingRows queryRows, TrainingRows references)
    {
        if (queryRows.Dimension != references.Dimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(queries),
                $"Column '{options.EmbeddingColumnName}': the queries have vectors of size {queryRows.Dimension} but the reference has size {references.Dimension}. Embed both with the same model.");
        }

        string[]? queryNames = AnnotationSets.KeyValueNames(queries.Schema[options.LabelColumnName]);
        string[]? referenceNames = AnnotationSets.KeyValueNames(reference.Schema[options.LabelColumnName]);
        bool sameNames = queryNames is null || referenceNames is null || queryNames.SequenceEqual(referenceNames);
        if (queryRows.ClassCount != references.ClassCount || !sameNames)
        {
            throw new ArgumentOutOfRangeException(
                nameof(queries),
                $"Column '{options.LabelColumnName}': the queries' label keys ({queryRows.ClassCount} classes) differ from the reference's ({references.ClassCount} classes). Map both labels with the same fitted MapValueToKey transformer.");
        }
    }

    private static string[] ClassNames(IDataView data, string labelColumnName, int classCount)
        => AnnotationSets.KeyValueNames(data.Schema[labelColumnName])
            ?? Enumerable.Range(1, classCount).Select(key => key.ToString(CultureInfo.InvariantCulture)).ToArray();
}
