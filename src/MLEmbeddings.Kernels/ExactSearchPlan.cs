namespace MLEmbeddings.Kernels;

/// <summary>
/// How one exact search is split into work items: query blocks of <see cref="BlockRows"/> rows, each scanning the
/// database in <see cref="SliceCount"/> slices of <see cref="SliceColumns"/> columns.
/// </summary>
/// <param name="BlockRows">Query rows per block (a multiple of <see cref="NearestNeighborScan.TileRows"/> unless it is the whole query set).</param>
/// <param name="BlockCount">Number of query blocks.</param>
/// <param name="SliceCount">Database slices per block; 1 when there are enough blocks to keep every thread busy.</param>
/// <param name="SliceColumns">Columns per slice, a multiple of <see cref="PackedVectorPanels.ColumnGranularity"/>.</param>
internal readonly record struct ExactSearchPlan(int BlockRows, int BlockCount, int SliceCount, int SliceColumns)
{
    // Packed query block budget: 64 K floats (256 KiB) stays in L2 next to the streaming database panels.
    private const int QueryBlockValues = 64 * 1024;
    private const int MaximumBlockRows = 40 * NearestNeighborScan.TileRows;

    // Candidate list budget per block: 1 M entries (8 MiB of keys and ids); only very large k reach it.
    private const int ListEntries = 1 << 20;

    /// <summary>
    /// Plans a search of <paramref name="queryCount"/> queries for <paramref name="k"/> neighbours over
    /// <paramref name="scanColumns"/> columns of dimension <paramref name="dimension"/> on <paramref name="threads"/> threads.
    /// </summary>
    public static ExactSearchPlan Create(int queryCount, int dimension, int k, int scanColumns, int threads)
    {
        int tileRows = NearestNeighborScan.TileRows;
        int stride = k >= CandidateBuffer.MinimumBufferedK ? CandidateBuffer.Capacity(k) : k;
        int budget = Math.Min(QueryBlockValues / Math.Max(dimension, 1), ListEntries / stride);
        int budgetRows = Math.Clamp(budget / tileRows * tileRows, tileRows, MaximumBlockRows);
        int blockRows = Math.Min(budgetRows, (queryCount + tileRows - 1) / tileRows * tileRows);
        int blockCount = (queryCount + blockRows - 1) / blockRows;
        int chunks = scanColumns / PackedVectorPanels.ColumnGranularity;
        int wantedItems = 4 * threads;
        if (threads == 1 || blockCount >= wantedItems || chunks <= 1)
        {
            return new ExactSearchPlan(blockRows, blockCount, 1, scanColumns);
        }

        int slices = Math.Min((wantedItems + blockCount - 1) / blockCount, chunks);
        int sliceColumns = (chunks + slices - 1) / slices * PackedVectorPanels.ColumnGranularity;
        slices = (scanColumns + sliceColumns - 1) / sliceColumns;
        return new ExactSearchPlan(blockRows, blockCount, slices, sliceColumns);
    }
}
