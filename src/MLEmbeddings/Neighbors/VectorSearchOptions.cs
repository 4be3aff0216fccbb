namespace MLEmbeddings.Neighbors;

/// <summary>
/// Settings of one <see cref="VectorIndex.Search(Kernels.ReadOnlyMatrixView, int, Span{int}, Span{float}, VectorSearchOptions?, ReadOnlySpan{int})"/>
/// call that override the index's defaults for that call only.
/// </summary>
public sealed class VectorSearchOptions
{
    /// <summary>
    /// HNSW candidate-list size for this call (hnswlib <c>ef</c>, faiss <c>efSearch</c>), at least k; null (default)
    /// uses <see cref="HnswIndexOptions.EfSearch"/>. Larger is slower and more accurate. Ignored by other indexes.
    /// </summary>
    public int? EfSearch { get; set; }

    /// <summary>
    /// IVF lists scanned per query for this call (faiss <c>nprobe</c>), in <c>[1, NumberOfLists]</c>; null (default)
    /// uses the index's <see cref="IvfIndexOptions.NumberOfProbes"/>. Ignored by other indexes.
    /// </summary>
    public int? NumberOfProbes { get; set; }

    /// <summary>
    /// Only ids this filter allows are returned; null (default) allows every id not removed. HNSW walks through
    /// filtered-out nodes without reporting them (and scans the allowed ids directly when an id-set filter allows very
    /// few); IVF scans proportionally more lists, <c>NumberOfProbes / (share of allowed ids)</c> up to all of them, so
    /// that about as many allowed vectors are compared as without a filter.
    /// </summary>
    public SearchFilter? Filter { get; set; }

    /// <summary>Most threads used by the call; -1 (default) for all cores.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;
}
