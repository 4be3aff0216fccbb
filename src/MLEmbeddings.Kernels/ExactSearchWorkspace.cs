namespace MLEmbeddings.Kernels;

/// <summary>
/// The buffers one thread needs for exact-search work items: a packed query block, its candidate lists and
/// thresholds, and merge cursors. One instance per thread, kept and grown as needed, so searches do not allocate in
/// steady state.
/// </summary>
internal sealed class ExactSearchWorkspace
{
    [ThreadStatic]
    private static ExactSearchWorkspace? s_current;

    /// <summary>Packed (scaled, zero-padded) query rows.</summary>
    public float[] Queries { get; private set; } = [];

    /// <summary>Candidate keys, <c>k</c> per query row.</summary>
    public float[] Keys { get; private set; } = [];

    /// <summary>Candidate ids, <c>k</c> per query row.</summary>
    public int[] Ids { get; private set; } = [];

    /// <summary>Admission threshold per query row.</summary>
    public float[] Thresholds { get; private set; } = [];

    /// <summary>Cursors for merging per-slice lists.</summary>
    public int[] Cursors { get; private set; } = [];

    /// <summary>Filled entries per query row of candidate buffers (large k).</summary>
    public int[] Counts { get; private set; } = [];

    /// <summary>Work space for candidate buffer compaction (large k).</summary>
    public float[] Scratch { get; private set; } = [];

    /// <summary>This thread's workspace, with every buffer at least the given length.</summary>
    public static ExactSearchWorkspace ForCurrentThread(int queryValues, int listEntries, int rows, int cursors)
    {
        ExactSearchWorkspace workspace = s_current ??= new ExactSearchWorkspace();
        if (workspace.Queries.Length < queryValues)
        {
            workspace.Queries = new float[queryValues];
        }

        if (workspace.Keys.Length < listEntries)
        {
            workspace.Keys = new float[listEntries];
            workspace.Ids = new int[listEntries];
        }

        if (workspace.Thresholds.Length < rows)
        {
            workspace.Thresholds = new float[rows];
        }

        if (workspace.Cursors.Length < cursors)
        {
            workspace.Cursors = new int[cursors];
        }

        return workspace;
    }

    /// <summary>As <see cref="ForCurrentThread(int, int, int, int)"/>, plus <paramref name="rows"/> buffer counts and <paramref name="scratch"/> compaction values.</summary>
    public static ExactSearchWorkspace ForCurrentThread(int queryValues, int listEntries, int rows, int cursors, int scratch)
    {
        ExactSearchWorkspace workspace = ForCurrentThread(queryValues, listEntries, rows, cursors);
        if (workspace.Counts.Length < rows)
        {
            workspace.Counts = new int[rows];
        }

        if (workspace.Scratch.Length < scratch)
        {
            workspace.Scratch = new float[scratch];
        }

        return workspace;
    }
}
