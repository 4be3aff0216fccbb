namespace MLEmbeddings.Neighbors;

/// <summary>
/// The arrays of an <see cref="HnswGraph"/> at one capacity: level-0 link lists (<c>1 + 2M</c> ints per node: the
/// count, then the neighbour ids), per-node upper-level lists (<c>level * (1 + M)</c> ints, null for level-0 nodes)
/// and the node levels. Replaced as a whole when the graph grows, so a search works on a consistent snapshot.
/// </summary>
/// <param name="Level0">Level-0 lists.</param>
/// <param name="Upper">Upper-level lists per node.</param>
/// <param name="Levels">Level per node.</param>
internal sealed record HnswLinkArrays(int[] Level0, int[]?[] Upper, byte[] Levels);
