using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The inverted lists of an <see cref="IvfVectorIndex"/> at one moment (replaced as a whole by each insert, so a
/// search keeps a consistent view): the global ids of each list, and, for full-precision storage, one exact-search
/// kernel index per list holding the list's vectors in list order.
/// </summary>
/// <param name="FloatLists">Per-list exact indexes (full precision), or null when the vectors live in a quantized store.</param>
/// <param name="ListIds">Global ids of each list, in list order.</param>
/// <param name="ListOf">The list of each global id.</param>
/// <param name="PositionOf">The position of each global id in its list.</param>
/// <param name="Count">Number of indexed vectors.</param>
internal sealed record IvfLayout(ExactNearestNeighbors[]? FloatLists, int[][] ListIds, int[] ListOf, int[] PositionOf, int Count);
