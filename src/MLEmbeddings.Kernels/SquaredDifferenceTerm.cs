using System.Runtime.CompilerServices;

namespace MLEmbeddings.Kernels;

/// <summary>The term <c>(x - y)^2</c>: pair reductions with it compute squared Euclidean distances.</summary>
internal readonly struct SquaredDifferenceTerm : IPairTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Accumulate<TSimd, TVector>(TVector x, TVector y, TVector sum)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        TVector difference = TSimd.Subtract(x, y);
        return TSimd.MultiplyAdd(difference, difference, sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Accumulate(float x, float y, float sum)
    {
        float difference = x - y;
        return sum + (difference * difference);
    }
}
