using System.Runtime.CompilerServices;

namespace MLEmbeddings.Kernels;

/// <summary>The term <c>x * y</c>: pair reductions with it compute dot products.</summary>
internal readonly struct DotProductTerm : IPairTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Accumulate<TSimd, TVector>(TVector x, TVector y, TVector sum)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
        => TSimd.MultiplyAdd(x, y, sum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Accumulate(float x, float y, float sum) => sum + (x * y);
}
