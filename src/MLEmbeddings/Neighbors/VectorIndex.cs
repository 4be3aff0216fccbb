using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// A searchable set of vectors with ids <c>0 .. Count - 1</c> in insertion order: the index behind the k-NN
/// classifier and the nearest-neighbour search transform. Implementations: the exact flat index
/// (<see cref="FlatIndexOptions"/>); approximate indexes plug in behind the same contract.
/// </summary>
/// <remarks>
/// <see cref="Search"/> may run concurrently from several threads; <see cref="Add"/> must not run concurrently with
/// anything else. Only this library derives from this class, so that every index can be saved in a model zip.
/// </remarks>
public abstract class VectorIndex
{
    private protected VectorIndex()
    {
    }

    /// <summary>Number of stored vectors.</summary>
    public abstract int Count { get; }

    /// <summary>Values per vector.</summary>
    public abstract int Dimension { get; }

    /// <summary>How queries are compared with stored vectors.</summary>
    public abstract DistanceMetric Metric { get; }

    /// <summary>Appends vectors; their ids continue from <see cref="Count"/>.</summary>
    /// <param name="vectors">One vector per row, <see cref="Dimension"/> columns, finite values.</param>
    /// <exception cref="ArgumentException">The column count differs from <see cref="Dimension"/>.</exception>
    public abstract void Add(ReadOnlyMatrixView vectors);

    /// <summary>Copies stored vector <paramref name="id"/> (as stored: unit length for <see cref="DistanceMetric.Cosine"/>) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in <c>[0, Count)</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Dimension"/> long.</exception>
    public abstract void CopyVector(int id, Span<float> destination);

    /// <summary>
    /// Finds, for each query row, the <paramref name="k"/> nearest stored vectors, best first: squared Euclidean
    /// distance ascending, or inner product / cosine similarity descending (faiss conventions). Ties go to the
    /// smaller id. Missing results (fewer than <paramref name="k"/> vectors) are id -1 with score +infinity
    /// (distances) or -infinity (similarities).
    /// </summary>
    /// <param name="queries">Query rows with <see cref="Dimension"/> columns.</param>
    /// <param name="k">Neighbours per query, at least 1.</param>
    /// <param name="ids">Output ids, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="scores">Output scores, <c>queries.Rows * k</c> long, row-major.</param>
    /// <param name="excludedIds">Empty, or one id per query that must not be returned for it (-1 for none).</param>
    /// <param name="maxDegreeOfParallelism">Most threads; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">A dimension or length does not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public abstract void Search(ReadOnlyMatrixView queries, int k, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excludedIds = default, int maxDegreeOfParallelism = -1);

    /// <summary>Writes the index (kind tag first) into a model payload.</summary>
    internal abstract void Save(ModelPayloadWriter writer);

    /// <summary>Reads an index written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is corrupt or of an unknown index kind.</exception>
    internal static VectorIndex Load(ModelPayloadReader reader)
    {
        var kind = (VectorIndexKind)reader.ReadInt32();
        return kind switch
        {
            VectorIndexKind.Flat => FlatVectorIndex.LoadState(reader),
            _ => throw reader.Corrupt($"unknown vector index kind {(int)kind}"),
        };
    }
}
