using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Searches an index for the k nearest stored vectors of each query while leaving out stored vectors identical to
/// the query ("self-matches"): searches k + e candidates (e = 1 at first), drops identical ones, and searches again
/// with a doubled e for the rare rows where all e extra candidates were identical (duplicated corpus rows).
/// </summary>
internal static class IdenticalVectorExclusion
{
    /// <summary>Fills <paramref name="ids"/> / <paramref name="scores"/> (<c>queries.Rows * k</c>) like <see cref="VectorIndex.Search(ReadOnlyMatrixView, int, Span{int}, Span{float}, ReadOnlySpan{int}, int)"/>, minus identical vectors.</summary>
    public static void Search(VectorIndex index, ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, int maxDegreeOfParallelism)
    {
        bool similarity = index.Metric != DistanceMetric.SquaredEuclidean;
        float missingScore = similarity ? float.NegativeInfinity : float.PositiveInfinity;
        var stored = new float[index.Dimension];
        var normalized = new float[index.Dimension];
        int extra = 1;
        int[] pending = Enumerable.Range(0, queries.Rows).ToArray();
        while (pending.Length > 0)
        {
            int width = Math.Min(k + extra, index.Count);
            var block = ReadOnlyMatrixViewOfRows(queries, pending);
            var candidateIds = new int[pending.Length * width];
            var candidateScores = new float[candidateIds.Length];
            index.Search(block, width, candidateIds, candidateScores, default, maxDegreeOfParallelism);
            var again = new List<int>();
            for (int p = 0; p < pending.Length; p++)
            {
                int row = pending[p];
                ReadOnlySpan<float> query = queries.Row(row);
                if (index.Metric == DistanceMetric.Cosine)
                {
                    query.CopyTo(normalized);
                    VectorOperations.Normalize(normalized);
                    query = normalized;
                }

                int kept = 0;
                int identical = 0;
                for (int j = 0; j < width && kept < k; j++)
                {
                    int id = candidateIds[(p * width) + j];
                    if (id >= 0)
                    {
                        index.CopyVector(id, stored);
                        if (query.SequenceEqual(stored))
                        {
                            identical++;
                            continue;
                        }
                    }

                    ids[(row * k) + kept] = id;
                    scores[(row * k) + kept] = candidateScores[(p * width) + j];
                    kept++;
                }

                if (kept < k && identical >= extra && width < index.Count)
                {
                    again.Add(row);
                    continue;
                }

                ids.Slice((row * k) + kept, k - kept).Fill(-1);
                scores.Slice((row * k) + kept, k - kept).Fill(missingScore);
            }

            pending = [.. again];
            extra *= 2;
        }
    }

    private static ReadOnlyMatrixView ReadOnlyMatrixViewOfRows(ReadOnlyMatrixView source, int[] rows)
    {
        if (rows.Length == source.Rows)
        {
            return source;
        }

        var values = new float[rows.Length * source.Columns];
        for (int i = 0; i < rows.Length; i++)
        {
            source.Row(rows[i]).CopyTo(values.AsSpan(i * source.Columns, source.Columns));
        }

        return new ReadOnlyMatrixView(values, rows.Length, source.Columns);
    }
}
