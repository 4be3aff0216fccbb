using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// A searchable set of vectors with ids <c>0 .. Count - 1</c> in insertion order: the index behind the k-NN
/// classifier and the nearest-neighbour search transform. Implementations: the exact flat index
/// (<see cref="FlatIndexOptions"/>), HNSW (<see cref="HnswIndexOptions"/>) and IVF-Flat (<see cref="IvfIndexOptions"/>),
/// each with full-precision or quantized storage (<see cref="QuantizationOptions"/>).
/// </summary>
/// <remarks>
/// <para>Thread safety: <see cref="Search(ReadOnlyMatrixView, int, Span{int}, Span{float}, ReadOnlySpan{int}, int)"/> may run
/// concurrently from any number of threads, also while <see cref="Add"/> or <see cref="Remove"/> run; searches see
/// the vectors whose <see cref="Add"/> call had finished when they started (and possibly some of a running one).
/// Calls to <see cref="Add"/> and <see cref="Remove"/> from several threads are safe: they are serialized, and each
/// <see cref="Add"/> is itself multithreaded.</para>
/// <para>Removal marks an id as deleted: it is never returned again, but its vector keeps its memory (and, in HNSW,
/// its place in the graph for traversal) until <see cref="Rebuild"/> builds a compact copy.</para>
/// <para>Only this library derives from this class, so that every index can be saved in a model zip and in a
/// standalone file (<see cref="Save(string)"/>).</para>
/// </remarks>
public abstract class VectorIndex
{
    private ulong[] _removed = [];
    private int _removedCount;

    private protected VectorIndex()
    {
    }

    /// <summary>Number of stored vectors, removed ones included (ids run from 0 to <c>Count - 1</c>).</summary>
    public abstract int Count { get; }

    /// <summary>Values per vector.</summary>
    public abstract int Dimension { get; }

    /// <summary>How queries are compared with stored vectors.</summary>
    public abstract DistanceMetric Metric { get; }

    /// <summary>Number of ids marked removed by <see cref="Remove"/>.</summary>
    public int RemovedCount => Volatile.Read(ref _removedCount);

    /// <summary>
    /// Bytes of memory held by the index's vectors, codes, graph links and inverted lists (not counting per-search
    /// scratch); divide by <see cref="Count"/> for the bytes per vector.
    /// </summary>
    public abstract long MemoryBytes { get; }

    /// <summary>The lock that serializes <see cref="Add"/>, <see cref="Remove"/> and whatever else writes.</summary>
    private protected object WriteLock { get; } = new();

    /// <summary>Appends vectors; their ids continue from <see cref="Count"/>. Approximate indexes link them into their structures.</summary>
    /// <param name="vectors">One vector per row, <see cref="Dimension"/> columns, finite values.</param>
    /// <exception cref="ArgumentException">The column count differs from <see cref="Dimension"/>, or a value is NaN or infinite (the message names the row and the column).</exception>
    public void Add(ReadOnlyMatrixView vectors)
    {
        MatrixShapeCheck(nameof(vectors), vectors.Columns);
        RequireFinite(vectors, nameof(vectors));
        lock (WriteLock)
        {
            AddCore(vectors);
        }
    }

    /// <summary>Marks <paramref name="id"/> removed: no later search returns it. Removing it again does nothing.</summary>
    /// <param name="id">A stored id, in <c>[0, Count)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside <c>[0, Count)</c>.</exception>
    public void Remove(int id)
    {
        lock (WriteLock)
        {
            RequireId(id);
            if (_removed.Length * 64L <= id)
            {
                var grown = new ulong[Math.Max((id / 64) + 1, Math.Max(_removed.Length * 2, (Count + 63) / 64))];
                _removed.CopyTo(grown, 0);
                Volatile.Write(ref _removed, grown);
            }

            ulong mask = 1UL << (id & 63);
            if ((Interlocked.Or(ref _removed[id >> 6], mask) & mask) == 0)
            {
                Interlocked.Increment(ref _removedCount);
            }
        }
    }

    /// <summary>Whether <paramref name="id"/> was removed.</summary>
    /// <param name="id">A stored id, in <c>[0, Count)</c>.</param>
    /// <returns>True after <see cref="Remove"/> of that id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside <c>[0, Count)</c>.</exception>
    public bool IsRemoved(int id)
    {
        RequireId(id);
        ulong[] removed = Volatile.Read(ref _removed);
        return (id >> 6) < removed.Length && (removed[id >> 6] & (1UL << (id & 63))) != 0;
    }

    /// <summary>Copies stored vector <paramref name="id"/> into <paramref name="destination"/>: as stored (unit length for <see cref="DistanceMetric.Cosine"/>), decoded from its codes when a quantized index keeps no full-precision copy.</summary>
    /// <param name="id">A stored id, in <c>[0, Count)</c> (removed ids too).</param>
    /// <param name="destination">Receives <see cref="Dimension"/> values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in <c>[0, Count)</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Dimension"/> long.</exception>
    public void CopyVector(int id, Span<float> destination)
    {
        RequireId(id);
        if (destination.Length != Dimension)
        {
            throw new ArgumentException($"'{nameof(destination)}' has length {destination.Length}; expected {Dimension} (Dimension).", nameof(destination));
        }

        CopyVectorCore(id, destination);
    }

    /// <summary>
    /// Finds, for each query row, the <paramref name="k"/> nearest stored vectors that are not removed, best first:
    /// squared Euclidean distance ascending, or inner product / cosine similarity descending (faiss conventions). Ties
    /// go to the smaller id. Missing results (fewer than <paramref name="k"/> vectors qualify, or an approximate index
    /// found fewer) are id -1 with score +infinity (distances) or -infinity (similarities). Uses the index's default
    /// search settings.
    /// </summary>
    /// <param name="queries">Query rows with <see cref="Dimension"/> columns.</param>
    /// <param name="k">Neighbours per query, at least 1.</param>
    /// <param name="ids">Output ids, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="scores">Output scores, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="excludedIds">Empty, or one id per query that must not be returned for it (-1 for none).</param>
    /// <param name="maxDegreeOfParallelism">Most threads; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">A dimension or length does not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The index holds no vectors.</exception>
    public void Search(ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excludedIds = default, int maxDegreeOfParallelism = -1)
        => Search(queries, k, ids, scores, new VectorSearchOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, excludedIds);

    /// <summary>
    /// As <see cref="Search(ReadOnlyMatrixView, int, Span{int}, Span{float}, ReadOnlySpan{int}, int)"/>, with per-call
    /// settings: HNSW <c>EfSearch</c>, IVF <c>NumberOfProbes</c>, a <see cref="SearchFilter"/> applied during the
    /// search, and the thread limit.
    /// </summary>
    /// <param name="queries">Query rows with <see cref="Dimension"/> columns.</param>
    /// <param name="k">Neighbours per query, at least 1.</param>
    /// <param name="ids">Output ids, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="scores">Output scores, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="options">Per-call settings; null for the defaults.</param>
    /// <param name="excludedIds">Empty, or one id per query that must not be returned for it (-1 for none).</param>
    /// <exception cref="ArgumentException">A dimension or length does not match, or a query value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, <c>EfSearch</c> is less than <paramref name="k"/>, <c>NumberOfProbes</c> is outside <c>[1, NumberOfLists]</c>, or the thread limit is 0 or below -1.</exception>
    /// <exception cref="InvalidOperationException">The index holds no vectors.</exception>
    public void Search(ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, VectorSearchOptions? options, ReadOnlySpan<int> excludedIds = default)
    {
        options ??= new VectorSearchOptions();
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"'{nameof(k)}' must be at least 1; got {k}.");
        }

        MatrixShapeCheck(nameof(queries), queries.Columns);
        long length = (long)queries.Rows * k;
        RequireLength(nameof(ids), ids.Length, length);
        RequireLength(nameof(scores), scores.Length, length);
        if (!excludedIds.IsEmpty && excludedIds.Length != queries.Rows)
        {
            throw new ArgumentException($"'{nameof(excludedIds)}' has length {excludedIds.Length}; expected {queries.Rows} (queries.Rows, or empty).", nameof(excludedIds));
        }

        if (options.MaxDegreeOfParallelism == 0 || options.MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, $"MaxDegreeOfParallelism must be -1 (all cores) or a positive thread count; got {options.MaxDegreeOfParallelism}.");
        }

        if (options.EfSearch is int ef && ef < k)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ef, $"EfSearch is {ef} but k is {k}; EfSearch must be at least k, because the search keeps EfSearch candidates and returns the best k of them. Raise EfSearch or lower k.");
        }

        ValidateSearchSettings(options);
        if (Count == 0)
        {
            throw new InvalidOperationException("The index is empty: it holds no vectors to search. Add vectors (VectorIndex.Add, or index a non-empty corpus) before searching.");
        }

        RequireFinite(queries, nameof(queries));
        if (queries.Rows == 0)
        {
            return;
        }

        int threads = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        ulong[]? removed = RemovedCount == 0 ? null : Volatile.Read(ref _removed);
        var request = new SearchRequest(k, options.EfSearch, options.NumberOfProbes, new IdAllowance(removed, options.Filter), excludedIds.IsEmpty ? null : excludedIds.ToArray(), threads);
        SearchCore(queries, ids, scores, request);
    }

    /// <summary>
    /// Builds a compact copy without the removed vectors (their memory is reclaimed), with the same kind of index and
    /// settings; the surviving vectors get new ids <c>0 .. Count - RemovedCount - 1</c> in their old order.
    /// </summary>
    /// <param name="originalIds">For each new id, the id it had in this index.</param>
    /// <param name="maxDegreeOfParallelism">Most threads used to build; -1 (default) for all cores.</param>
    /// <returns>The new index; this one is unchanged.</returns>
    /// <exception cref="InvalidOperationException">Every vector was removed, so there is nothing to index.</exception>
    public VectorIndex Rebuild(out int[] originalIds, int maxDegreeOfParallelism = -1)
    {
        lock (WriteLock)
        {
            int count = Count;
            var live = new List<int>(count - RemovedCount);
            for (int id = 0; id < count; id++)
            {
                if (!IsRemoved(id))
                {
                    live.Add(id);
                }
            }

            if (live.Count == 0)
            {
                throw new InvalidOperationException($"All {count} vectors of the index were removed; there is nothing to rebuild. Create a new index from new vectors instead.");
            }

            var values = new float[checked(live.Count * Dimension)];
            for (int i = 0; i < live.Count; i++)
            {
                CopyVectorCore(live[i], values.AsSpan(i * Dimension, Dimension));
            }

            originalIds = [.. live];
            return RebuildOptions.Build(new ReadOnlyMatrixView(values, live.Count, Dimension), Metric, RebuildSeed, maxDegreeOfParallelism, host: null);
        }
    }

    /// <summary>
    /// Writes the index to a standalone file (format version, payload length and checksum, then the same payload as in a
    /// model zip). The file is written next to <paramref name="path"/> under a temporary name and then renamed, so an
    /// interrupted save never leaves a half-written file where a good one was.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        lock (WriteLock)
        {
            VectorIndexFile.Write(path, Save);
        }
    }

    /// <summary>Reads an index written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The index, searching exactly as the saved one did.</returns>
    /// <exception cref="InvalidDataException">The file is not an MLEmbeddings index file, is from a newer format version, is truncated or corrupt (the message says which).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static VectorIndex Load(string path) => VectorIndexFile.Read(path, Load);

    /// <summary>Writes the index (kind tag first) into a model payload.</summary>
    internal abstract void Save(ModelPayloadWriter writer);

    /// <summary>Reads an index written by <see cref="Save(ModelPayloadWriter)"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is corrupt or of an unknown index kind.</exception>
    internal static VectorIndex Load(ModelPayloadReader reader)
    {
        var kind = (VectorIndexKind)reader.ReadInt32();
        return kind switch
        {
            VectorIndexKind.Flat => FlatVectorIndex.LoadState(reader),
            VectorIndexKind.QuantizedFlat => QuantizedFlatVectorIndex.LoadState(reader),
            VectorIndexKind.Hnsw => HnswVectorIndex.LoadState(reader),
            VectorIndexKind.Ivf => IvfVectorIndex.LoadState(reader),
            _ => throw reader.Corrupt($"unknown vector index kind {(int)kind}"),
        };
    }

    /// <summary>The options that build an index like this one (for <see cref="Rebuild"/>).</summary>
    private protected abstract VectorIndexOptions RebuildOptions { get; }

    /// <summary>The seed this index was built with (for <see cref="Rebuild"/>).</summary>
    private protected abstract int RebuildSeed { get; }

    /// <summary>Appends vectors already checked for shape and finiteness; runs under <see cref="WriteLock"/>.</summary>
    private protected abstract void AddCore(ReadOnlyMatrixView vectors);

    /// <summary>Copies a stored vector; the id and length are checked.</summary>
    private protected abstract void CopyVectorCore(int id, Span<float> destination);

    /// <summary>Runs a validated search with at least one query.</summary>
    private protected abstract void SearchCore(ReadOnlyMatrixView queries, Span<int> ids, Span<float> scores, SearchRequest request);

    /// <summary>Checks the index-specific per-call settings (probes within the lists); the default accepts anything.</summary>
    private protected virtual void ValidateSearchSettings(VectorSearchOptions options)
    {
    }

    /// <summary>Writes the removed-id set (after the index's own state).</summary>
    private protected void WriteRemoved(ModelPayloadWriter writer)
    {
        ulong[] removed = Volatile.Read(ref _removed);
        writer.Write(RemovedCount);
        writer.WriteArray<ulong>(removed);
    }

    /// <summary>Reads the removed-id set written by <see cref="WriteRemoved"/> and checks it against <see cref="Count"/>.</summary>
    private protected void ReadRemoved(ModelPayloadReader reader)
    {
        int count = reader.ReadInt32("the removed-vector count", 0, Count);
        ulong[] removed = reader.ReadArray<ulong>();
        long bits = 0;
        for (int word = 0; word < removed.Length; word++)
        {
            bits += System.Numerics.BitOperations.PopCount(removed[word]);
            if (removed[word] != 0 && (((long)word * 64) + 63 - System.Numerics.BitOperations.LeadingZeroCount(removed[word])) >= Count)
            {
                throw reader.Corrupt($"a removed id is beyond the {Count} stored vectors");
            }
        }

        if (bits != count)
        {
            throw reader.Corrupt($"the removed-id set holds {bits} ids but says {count}");
        }

        _removed = removed;
        _removedCount = count;
    }

    /// <summary>Throws unless <paramref name="id"/> is in <c>[0, Count)</c>.</summary>
    private protected void RequireId(int id)
    {
        int count = Count;
        if ((uint)id >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"'{nameof(id)}' must be a stored id in [0, {count}); got {id}.");
        }
    }

    private static void RequireLength(string name, int actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has length {actual}; expected {expected} (queries.Rows * k).", name);
        }
    }

    private static void RequireFinite(ReadOnlyMatrixView rows, string name)
    {
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (!float.IsFinite(row[j]))
                {
                    throw new ArgumentException($"'{name}' row {i}, column {j} is {row[j]}; expected finite values (no NaN or infinity). Remove or replace missing values first.", name);
                }
            }
        }
    }

    private void MatrixShapeCheck(string name, int columns)
    {
        if (columns != Dimension)
        {
            throw new ArgumentException($"'{name}' has {columns} columns; the index holds vectors of dimension {Dimension}. Give vectors of dimension {Dimension}.", name);
        }
    }
}
