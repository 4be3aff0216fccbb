using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// One call of <see cref="ExactNearestNeighbors"/> search, split into work items for <c>Parallel.For</c>: query blocks
/// (each scanning the whole database), or, when there are too few blocks to keep every thread busy, (query block,
/// database slice) pairs whose per-slice lists are merged afterwards. Every work item produces the exact top-k in
/// (key, id) order of what it scanned, so the merged result does not depend on the split or the thread count.
/// </summary>
/// <remarks>
/// The output spans are pinned by the caller for the duration of the run; the run writes each query's results
/// through the pointers, from whichever thread finishes that query.
/// </remarks>
internal sealed unsafe class ExactSearchRun
{
    private readonly PackedVectorPanels _database;
    private readonly DistanceMetric _metric;
    private readonly ReadOnlyMatrixView _queries;
    private readonly int _k;
    private readonly ExactSearchPlan _plan;
    private readonly VectorWidth _width;
    private readonly int* _ids;
    private readonly float* _scores;
    private readonly int* _excludedIds;
    private readonly ulong* _allowedIds;
    private readonly int _allowedIdsLength;
    private readonly bool _isFiltered;
    private readonly float[] _sliceKeys;
    private readonly int[] _sliceIds;
    private readonly int _stride;

    /// <summary>Prepares a run; <paramref name="scores"/> (ids only), <paramref name="excludedIds"/> and <paramref name="allowedIds"/> may be null.</summary>
    public ExactSearchRun(
        PackedVectorPanels database,
        DistanceMetric metric,
        ReadOnlyMatrixView queries,
        int k,
        ExactSearchPlan plan,
        int* ids,
        float* scores,
        int* excludedIds,
        ulong* allowedIds,
        int allowedIdsLength,
        bool isFiltered,
        float[] sliceKeys,
        int[] sliceIds)
    {
        _database = database;
        _metric = metric;
        _queries = queries;
        _k = k;
        _plan = plan;
        _width = KernelDispatch.Width;
        _ids = ids;
        _scores = scores;
        _excludedIds = excludedIds;
        _allowedIds = allowedIds;
        _allowedIdsLength = allowedIdsLength;
        _isFiltered = isFiltered;
        _sliceKeys = sliceKeys;
        _sliceIds = sliceIds;
        _stride = k >= CandidateBuffer.MinimumBufferedK ? CandidateBuffer.Capacity(k) : k;
    }

    /// <summary>Work item of an unsliced run: scans the whole database for query block <paramref name="block"/> and writes its results.</summary>
    public void SearchBlock(int block)
    {
        int first = block * _plan.BlockRows;
        int rows = Math.Min(_plan.BlockRows, _queries.Rows - first);
        ExactSearchWorkspace workspace = Scan(first, rows, 0, _database.ScanColumns);
        for (int r = 0; r < rows; r++)
        {
            WriteResult(first + r, workspace.Keys.AsSpan(r * _stride, _k), workspace.Ids.AsSpan(r * _stride, _k));
        }
    }

    /// <summary>Work item of a sliced run: scans one database slice for one query block and stores the per-slice lists.</summary>
    public void SearchSlice(int item)
    {
        int block = item / _plan.SliceCount;
        int slice = item % _plan.SliceCount;
        int first = block * _plan.BlockRows;
        int rows = Math.Min(_plan.BlockRows, _queries.Rows - first);
        int columnStart = slice * _plan.SliceColumns;
        int columnEnd = Math.Min(columnStart + _plan.SliceColumns, _database.ScanColumns);
        ExactSearchWorkspace workspace = Scan(first, rows, columnStart, columnEnd);
        for (int r = 0; r < rows; r++)
        {
            int target = (((first + r) * _plan.SliceCount) + slice) * _k;
            workspace.Keys.AsSpan(r * _stride, _k).CopyTo(_sliceKeys.AsSpan(target, _k));
            workspace.Ids.AsSpan(r * _stride, _k).CopyTo(_sliceIds.AsSpan(target, _k));
        }
    }

    /// <summary>Second phase of a sliced run: merges the per-slice lists of query block <paramref name="block"/> and writes its results.</summary>
    public void MergeBlock(int block)
    {
        int first = block * _plan.BlockRows;
        int rows = Math.Min(_plan.BlockRows, _queries.Rows - first);
        int lists = _plan.SliceCount;
        ExactSearchWorkspace workspace = ExactSearchWorkspace.ForCurrentThread(0, _k, 0, lists);
        Span<float> keys = workspace.Keys.AsSpan(0, _k);
        Span<int> ids = workspace.Ids.AsSpan(0, _k);
        for (int query = first; query < first + rows; query++)
        {
            int source = query * lists * _k;
            SortedCandidateList.Merge(_sliceKeys.AsSpan(source, lists * _k), _sliceIds.AsSpan(source, lists * _k), lists, workspace.Cursors, keys, ids);
            WriteResult(query, keys, ids);
        }
    }

    // Packs the query rows [first, first + rows), empties their lists and scans columns [columnStart, columnEnd); each
    // row's sorted top k ends up at the start of its _stride slots.
    private ExactSearchWorkspace Scan(int first, int rows, int columnStart, int columnEnd)
    {
        int dimension = _database.Dimension;
        int paddedRows = (rows + NearestNeighborScan.TileRows - 1) / NearestNeighborScan.TileRows * NearestNeighborScan.TileRows;
        bool buffered = _stride != _k;
        ExactSearchWorkspace workspace = ExactSearchWorkspace.ForCurrentThread(paddedRows * dimension, paddedRows * _stride, paddedRows, 0, buffered ? _stride : 0);
        Span<float> packed = workspace.Queries.AsSpan(0, paddedRows * dimension);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> query = _queries.Row(first + r);
            TensorPrimitives.Multiply(query, QueryScale(query), packed.Slice(r * dimension, dimension));
        }

        packed[(rows * dimension)..].Clear();
        Span<float> thresholds = workspace.Thresholds.AsSpan(0, paddedRows);
        thresholds[..rows].Fill(float.PositiveInfinity);
        thresholds[rows..].Fill(float.NegativeInfinity);
        var state = new CandidateScanState
        {
            Keys = workspace.Keys.AsSpan(0, paddedRows * _stride),
            Ids = workspace.Ids.AsSpan(0, paddedRows * _stride),
            Thresholds = thresholds,
            K = _k,
            Stride = _stride,
            Counts = buffered ? workspace.Counts.AsSpan(0, paddedRows) : default,
            Scratch = buffered ? workspace.Scratch.AsSpan(0, _stride) : default,
            ExcludedIds = _excludedIds == null ? default : new ReadOnlySpan<int>(_excludedIds + first, rows),
            AllowedIds = _allowedIds == null ? default : new ReadOnlySpan<ulong>(_allowedIds, _allowedIdsLength),
            IsFiltered = _isFiltered,
        };
        SortedCandidateList.Clear(state.Keys, state.Ids);
        state.Counts.Clear();
        NearestNeighborScan.Scan(_width, packed, paddedRows, _database, columnStart, columnEnd, ref state);
        if (buffered)
        {
            state.FinishBuffers(rows);
        }

        return workspace;
    }

    // The kernel computes key = bias + (scale * q) . x, smaller is better: -2 q for squared Euclidean (bias ||x||^2),
    // -q for inner product, -q / ||q|| for cosine (stored vectors are unit length).
    private float QueryScale(ReadOnlySpan<float> query)
    {
        switch (_metric)
        {
            case DistanceMetric.SquaredEuclidean:
                return -2f;
            case DistanceMetric.InnerProduct:
                return -1f;
            default:
                float norm = VectorOperations.L2Norm(query);
                return norm > 0f ? -1f / norm : 0f;
        }
    }

    // Turns one query's sorted (key, id) list into reported ids and scores.
    private void WriteResult(int query, ReadOnlySpan<float> keys, ReadOnlySpan<int> ids)
    {
        var resultIds = new Span<int>(_ids + ((long)query * _k), _k);
        ids.CopyTo(resultIds);
        if (_scores == null)
        {
            return;
        }

        var resultScores = new Span<float>(_scores + ((long)query * _k), _k);
        if (_metric == DistanceMetric.SquaredEuclidean)
        {
            ReadOnlySpan<float> queryRow = _queries.Row(query);
            int found = 0;
            while (found < _k && ids[found] >= 0)
            {
                resultScores[found] = _database.SquaredDistance(queryRow, ids[found]);
                found++;
            }

            resultScores[found..].Fill(float.PositiveInfinity);
            SortedCandidateList.Sort(resultScores[..found], resultIds[..found]);
        }
        else
        {
            for (int j = 0; j < _k; j++)
            {
                // 0 - key rather than -key: a zero similarity is reported as +0.
                resultScores[j] = ids[j] >= 0 ? 0f - keys[j] : float.NegativeInfinity;
            }
        }
    }
}
