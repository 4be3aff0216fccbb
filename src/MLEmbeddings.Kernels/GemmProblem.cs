namespace MLEmbeddings.Kernels;

/// <summary>One validated GEMM call, <c>C = alpha * op(A) * op(B) + beta * C</c>, as the blocked driver sees it.</summary>
/// <param name="Left">The stored <c>A</c>.</param>
/// <param name="TransposeLeft">Whether <c>op(A)</c> is the transpose of <paramref name="Left"/>.</param>
/// <param name="Right">The stored <c>B</c>.</param>
/// <param name="TransposeRight">Whether <c>op(B)</c> is the transpose of <paramref name="Right"/>.</param>
/// <param name="Result">C, <c>m x n</c>.</param>
/// <param name="Alpha">Scale of the product.</param>
/// <param name="Beta">Scale of the old C; 0 means the old values are ignored.</param>
internal readonly record struct GemmProblem(
    ReadOnlyMatrixView Left,
    bool TransposeLeft,
    ReadOnlyMatrixView Right,
    bool TransposeRight,
    MatrixView Result,
    float Alpha,
    float Beta)
{
    /// <summary>Rows of C and of <c>op(A)</c> (m).</summary>
    public int Rows => Result.Rows;

    /// <summary>Columns of C and of <c>op(B)</c> (n).</summary>
    public int Columns => Result.Columns;

    /// <summary>The inner dimension (k): columns of <c>op(A)</c>, rows of <c>op(B)</c>.</summary>
    public int Depth => TransposeLeft ? Left.Rows : Left.Columns;

    /// <summary>
    /// Whether the product is large enough (at least 2^21 multiply-adds, m * n * k) to split across threads; below
    /// that, forking costs more than it saves and the call runs on the calling thread.
    /// </summary>
    public bool IsWorthSplitting => (long)Rows * Columns * Depth >= 1L << 21;
}
