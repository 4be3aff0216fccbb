using System.Buffers;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Exact (brute-force) k-nearest-neighbour search over a set of stored vectors, the equivalent of faiss
/// <c>IndexFlatL2</c> / <c>IndexFlatIP</c>. Distance computation and top-k selection are fused: queries are processed
/// in blocks against the database in register tiles, each tile is compared with every query's current k-th best
/// score, and only the few candidates that beat it touch the small sorted per-query lists. Memory use is
/// <c>O(queries * k)</c> plus per-thread buffers; the full query-by-database distance matrix is never formed.
/// </summary>
/// <remarks>
/// <para>Scores are reported as faiss reports them: squared Euclidean distance in ascending order, inner product or
/// cosine similarity in descending order. Ties are broken by the smaller id, and results are bit-identical for any
/// <c>maxDegreeOfParallelism</c>.</para>
/// <para><see cref="Search"/> and <see cref="SearchFiltered"/> may run concurrently with each other, but not with
/// <see cref="Add"/>.</para>
/// </remarks>
public sealed class ExactNearestNeighbors
{
    private readonly PackedVectorPanels _vectors;

    /// <summary>Creates an index holding a copy of <paramref name="database"/>; row <c>i</c> gets id <c>i</c>.</summary>
    /// <param name="database">The vectors to search, one per row (any number of rows, including 0).</param>
    /// <param name="metric">How queries and stored vectors are compared. For <see cref="DistanceMetric.Cosine"/> the stored copy is normalised to unit length (zero rows stay zero).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not a defined value.</exception>
    public ExactNearestNeighbors(ReadOnlyMatrixView database, DistanceMetric metric)
    {
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Expected one of {string.Join(", ", Enum.GetNames<DistanceMetric>())}; got {(int)metric}.");
        }

        Metric = metric;
        _vectors = new PackedVectorPanels(database.Columns, database.Rows);
        Add(database);
    }

    /// <summary>Number of stored vectors; their ids are <c>0 .. Count - 1</c>.</summary>
    public int Count => _vectors.Count;

    /// <summary>Number of values per vector.</summary>
    public int Dimension => _vectors.Dimension;

    /// <summary>How vectors are compared.</summary>
    public DistanceMetric Metric { get; }

    /// <summary>
    /// Finds, for each query row, the <paramref name="k"/> nearest stored vectors. Row <c>i</c>'s results are
    /// <c>ids[i * k .. (i + 1) * k)</c> and the matching <paramref name="scores"/>, best first: squared Euclidean
    /// distance ascending (recomputed exactly as <c>sum_t (q_t - x_t)^2</c>, so a duplicate of the query reports 0),
    /// or inner product / cosine similarity descending. Ties go to the smaller id. When fewer than
    /// <paramref name="k"/> vectors qualify, the tail holds id -1 with score +infinity (squared Euclidean) or
    /// -infinity (similarities).
    /// </summary>
    /// <param name="queries">The query rows; <c>queries.Columns</c> must equal <see cref="Dimension"/>.</param>
    /// <param name="k">Neighbours per query, at least 1 (faiss <c>k</c>, scikit-learn <c>n_neighbors</c>). It may exceed <see cref="Count"/>.</param>
    /// <param name="ids">Output ids, exactly <c>queries.Rows * k</c> long.</param>
    /// <param name="scores">
    /// Output scores, exactly <c>queries.Rows * k</c> long; or empty to skip computing them (the ids are then in the
    /// order of the search's float keys, without the exact squared-Euclidean recomputation, which costs <c>k d</c> per
    /// query and dominates for very large <c>k</c>, as in retrieval evaluation).
    /// </param>
    /// <param name="excludedIds">Empty (default), or one id per query that must not be returned for that query, -1 for none: for leave-one-out evaluation and skipping self-matches.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">A dimension or length does not match; the message names the parameter, the expected and the received value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void Search(ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excludedIds = default, int maxDegreeOfParallelism = -1)
        => SearchCore(queries, k, ids, scores, excludedIds, default, isFiltered: false, maxDegreeOfParallelism);

    /// <summary>
    /// As <see cref="Search"/>, but only ids whose bit is set in <paramref name="allowedIds"/> can be returned
    /// (faiss <c>IDSelectorBitmap</c>). The filter is applied while scanning, so each query still gets its
    /// <paramref name="k"/> best allowed vectors.
    /// </summary>
    /// <param name="queries">The query rows; <c>queries.Columns</c> must equal <see cref="Dimension"/>.</param>
    /// <param name="k">Neighbours per query, at least 1.</param>
    /// <param name="allowedIds">A bitset over ids: id <c>j</c> is allowed when bit <c>j % 64</c> of <c>allowedIds[j / 64]</c> is set. At least <c>ceil(Count / 64)</c> words.</param>
    /// <param name="ids">Output ids, exactly <c>queries.Rows * k</c> long.</param>
    /// <param name="scores">Output scores, exactly <c>queries.Rows * k</c> long, or empty for ids only (see <see cref="Search"/>).</param>
    /// <param name="excludedIds">Empty (default), or one id per query that must not be returned for that query, -1 for none.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">A dimension or length does not match; the message names the parameter, the expected and the received value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void SearchFiltered(ReadOnlyMatrixView queries, int k, ReadOnlySpan<ulong> allowedIds, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excludedIds = default, int maxDegreeOfParallelism = -1)
    {
        long needed = ((long)Count + 63) / 64;
        if (allowedIds.Length < needed)
        {
            throw new ArgumentException($"'{nameof(allowedIds)}' has {allowedIds.Length} words; expected at least {needed} (one bit for each of the {Count} stored vectors).", nameof(allowedIds));
        }

        SearchCore(queries, k, ids, scores, excludedIds, allowedIds, isFiltered: true, maxDegreeOfParallelism);
    }

    /// <summary>
    /// One-shot exact search: builds a temporary index over <paramref name="database"/> and runs
    /// <see cref="Search"/>. Hold an <see cref="ExactNearestNeighbors"/> instead when searching the same database more than once.
    /// </summary>
    /// <param name="database">The vectors to search, one per row; row <c>i</c> has id <c>i</c>.</param>
    /// <param name="metric">How queries and database rows are compared.</param>
    /// <param name="queries">The query rows, as many columns as <paramref name="database"/>.</param>
    /// <param name="k">Neighbours per query, at least 1.</param>
    /// <param name="ids">Output ids, exactly <c>queries.Rows * k</c> long.</param>
    /// <param name="scores">Output scores, exactly <c>queries.Rows * k</c> long, or empty for ids only (see <see cref="Search"/>).</param>
    /// <param name="excludedIds">Empty (default), or one id per query that must not be returned for that query, -1 for none.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">A dimension or length does not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not defined, <paramref name="k"/> is less than 1, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void SearchOnce(
        ReadOnlyMatrixView database,
        DistanceMetric metric,
        ReadOnlyMatrixView queries,
        int k,
        Span<int> ids,
        Span<float> scores,
        ReadOnlySpan<int> excludedIds = default,
        int maxDegreeOfParallelism = -1)
        => new ExactNearestNeighbors(database, metric).Search(queries, k, ids, scores, excludedIds, maxDegreeOfParallelism);

    /// <summary>Appends copies of <paramref name="rows"/>; their ids continue from <see cref="Count"/>.</summary>
    /// <param name="rows">Vectors with <see cref="Dimension"/> columns.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> has another number of columns.</exception>
    public void Add(ReadOnlyMatrixView rows)
    {
        MatrixShape.RequireColumns(nameof(rows), rows.Columns, Dimension);
        _vectors.Reserve(checked(Count + rows.Rows));
        float[]? normalized = Metric == DistanceMetric.Cosine ? new float[Dimension] : null;
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            switch (Metric)
            {
                case DistanceMetric.SquaredEuclidean:
                    _vectors.Append(row, VectorOperations.SquaredL2Norm(row));
                    break;
                case DistanceMetric.InnerProduct:
                    _vectors.Append(row, 0f);
                    break;
                default:
                    row.CopyTo(normalized);
                    VectorOperations.Normalize(normalized);
                    _vectors.Append(normalized, 0f);
                    break;
            }
        }
    }

    /// <summary>
    /// Copies stored vector <paramref name="id"/> into <paramref name="destination"/>, as stored: for
    /// <see cref="DistanceMetric.Cosine"/> that is the unit-length copy.
    /// </summary>
    /// <param name="id">Vector id in <c>[0, Count)</c>.</param>
    /// <param name="destination">Receives <see cref="Dimension"/> values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside <c>[0, Count)</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Dimension"/> long.</exception>
    public void CopyVector(int id, Span<float> destination)
    {
        if ((uint)id >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"'{nameof(id)}' must be in [0, {Count}); got {id}.");
        }

        SpanLengthCheck.Require(nameof(destination), destination.Length, Dimension, "Dimension");
        _vectors.CopyVector(id, destination);
    }

    /// <summary>
    /// Re-creates an index from vectors in their stored form (as <see cref="CopyVector"/> returns them), without
    /// normalising them again, so a saved and reloaded index searches bit-identically.
    /// </summary>
    internal static ExactNearestNeighbors FromStoredVectors(ReadOnlyMatrixView stored, DistanceMetric metric)
    {
        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(ReadOnlyMemory<float>.Empty, 0, stored.Columns), metric);
        index._vectors.Reserve(stored.Rows);
        for (int i = 0; i < stored.Rows; i++)
        {
            ReadOnlySpan<float> row = stored.Row(i);
            index._vectors.Append(row, metric == DistanceMetric.SquaredEuclidean ? VectorOperations.SquaredL2Norm(row) : 0f);
        }

        return index;
    }

    private unsafe void SearchCore(
        ReadOnlyMatrixView queries,
        int k,
        Span<int> ids,
        Span<float> scores,
        ReadOnlySpan<int> excludedIds,
        ReadOnlySpan<ulong> allowedIds,
        bool isFiltered,
        int maxDegreeOfParallelism)
    {
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"'{nameof(k)}' must be at least 1; got {k}.");
        }

        MatrixShape.RequireColumns(nameof(queries), queries.Columns, Dimension);
        long resultLength = (long)queries.Rows * k;
        SpanLengthCheck.Require(nameof(ids), ids.Length, resultLength, "queries.Rows * k");
        if (!scores.IsEmpty)
        {
            SpanLengthCheck.Require(nameof(scores), scores.Length, resultLength, "queries.Rows * k, or empty");
        }

        if (!excludedIds.IsEmpty)
        {
            SpanLengthCheck.Require(nameof(excludedIds), excludedIds.Length, queries.Rows, "queries.Rows, or empty");
        }

        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        if (queries.Rows == 0)
        {
            return;
        }

        var plan = ExactSearchPlan.Create(queries.Rows, Dimension, k, _vectors.ScanColumns, threads);
        int sliceEntries = plan.SliceCount == 1 ? 0 : checked((int)resultLength * plan.SliceCount);
        float[] sliceKeys = sliceEntries == 0 ? [] : ArrayPool<float>.Shared.Rent(sliceEntries);
        int[] sliceIds = sliceEntries == 0 ? [] : ArrayPool<int>.Shared.Rent(sliceEntries);
        try
        {
            fixed (int* idsPointer = ids)
            fixed (float* scoresPointer = scores)
            fixed (int* excludedPointer = excludedIds)
            fixed (ulong* allowedPointer = allowedIds)
            {
                var run = new ExactSearchRun(_vectors, Metric, queries, k, plan, idsPointer, scoresPointer, excludedPointer, allowedPointer, allowedIds.Length, isFiltered, sliceKeys, sliceIds);
                ParallelOptions options = DegreeOfParallelism.Options(threads);
                if (plan.SliceCount == 1)
                {
                    Parallel.For(0, plan.BlockCount, options, run.SearchBlock);
                }
                else
                {
                    Parallel.For(0, plan.BlockCount * plan.SliceCount, options, run.SearchSlice);
                    Parallel.For(0, plan.BlockCount, options, run.MergeBlock);
                }
            }
        }
        finally
        {
            if (sliceEntries > 0)
            {
                ArrayPool<float>.Shared.Return(sliceKeys);
                ArrayPool<int>.Shared.Return(sliceIds);
            }
        }
    }
}
