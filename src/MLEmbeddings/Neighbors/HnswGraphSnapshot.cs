namespace MLEmbeddings.Neighbors;

/// <summary>What one search call sees of the graph: its arrays, node count and entry point.</summary>
/// <param name="Arrays">The link arrays.</param>
/// <param name="Count">Visible nodes.</param>
/// <param name="Entry">Entry node, -1 when empty.</param>
/// <param name="Level">Entry level.</param>
internal readonly record struct HnswGraphSnapshot(HnswLinkArrays Arrays, int Count, int Entry, int Level);
