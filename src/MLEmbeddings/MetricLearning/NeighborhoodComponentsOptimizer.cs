namespace MLEmbeddings.MetricLearning;

/// <summary>How Neighbourhood Components Analysis maximises its objective.</summary>
public enum NeighborhoodComponentsOptimizer
{
    /// <summary>
    /// L-BFGS on the full objective over all row pairs, as scikit-learn does: <c>O(n^2 r)</c> time per iteration,
    /// <c>O(n (d + r))</c> memory (the pairs are streamed in blocks, never stored).
    /// </summary>
    LimitedMemoryBfgs = 0,

    /// <summary>
    /// Adam on the objective of random mini-batches (each row's soft neighbours are the rows of its batch): <c>O(n b r)</c>
    /// time per epoch for batch size <c>b</c>, for data too large for the full objective.
    /// </summary>
    MiniBatch = 1,
}
