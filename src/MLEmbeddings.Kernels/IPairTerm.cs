namespace MLEmbeddings.Kernels;

/// <summary>
/// The per-element term a pair reduction sums, e.g. <c>x * y</c> for a dot product or <c>(x - y)^2</c> for a
/// squared Euclidean distance. A zero pair must contribute nothing, so masked (zeroed) lanes can be fed through it.
/// </summary>
internal interface IPairTerm
{
    /// <summary>Returns <paramref name="sum"/> plus the term of every lane pair of <paramref name="x"/> and <paramref name="y"/>.</summary>
    static abstract TVector Accumulate<TSimd, TVector>(TVector x, TVector y, TVector sum)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct;

    /// <summary>Returns <paramref name="sum"/> plus the term of the pair (<paramref name="x"/>, <paramref name="y"/>).</summary>
    static abstract float Accumulate(float x, float y, float sum);
}
