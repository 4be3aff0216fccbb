namespace MLEmbeddings.Kernels;

/// <summary>The block size of the streamed normal products <see cref="ILinearOperator.MultiplyNormal"/>.</summary>
internal static class LinearOperatorBlocks
{
    /// <summary>
    /// Rows of <c>A</c> per block: the <c>rows x k</c> intermediate stays in the L2 cache for <c>k</c> up to about 60, and a
    /// fixed count (not one derived from the thread count) keeps results bit-identical for every thread count.
    /// </summary>
    public const int Rows = 2048;
}
