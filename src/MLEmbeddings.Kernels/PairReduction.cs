using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Sums a per-element <see cref="IPairTerm"/> over two vectors (one pair), or over one vector against four rows at
/// once (the four rows share each load of the vector). The widest vector width allowed by the caller that fits the
/// length is used; the last partial vector is handled by re-loading the final full vector and masking the lanes
/// already summed, so only vectors shorter than one register take the scalar loop.
/// </summary>
internal static class PairReduction
{
    /// <summary>The sum over <c>i &lt; length</c> of the term of (<c>x[i]</c>, <c>y[i]</c>).</summary>
    public static float Reduce<TTerm>(VectorWidth width, ref float x, ref float y, int length)
        where TTerm : IPairTerm
    {
        if (width >= VectorWidth.Vector512 && length >= Vector512<float>.Count)
        {
            return Reduce<Simd512Operations, Vector512<float>, TTerm>(ref x, ref y, length);
        }

        if (width >= VectorWidth.Vector256 && length >= Vector256<float>.Count)
        {
            return Reduce<Simd256Operations, Vector256<float>, TTerm>(ref x, ref y, length);
        }

        if (width >= VectorWidth.Vector128 && length >= Vector128<float>.Count)
        {
            return Reduce<Simd128Operations, Vector128<float>, TTerm>(ref x, ref y, length);
        }

        float sum = 0f;
        for (int i = 0; i < length; i++)
        {
            sum = TTerm.Accumulate(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), sum);
        }

        return sum;
    }

    /// <summary>
    /// For each of the four rows starting at <paramref name="rows"/>, <paramref name="rowStride"/> values apart, the
    /// sum over <c>i &lt; length</c> of the term of (<c>vector[i]</c>, <c>row[i]</c>), written to <paramref name="result"/>[0..4).
    /// </summary>
    public static void ReduceFourRows<TTerm>(VectorWidth width, ref float vector, ref float rows, int rowStride, int length, Span<float> result)
        where TTerm : IPairTerm
    {
        if (width >= VectorWidth.Vector512 && length >= Vector512<float>.Count)
        {
            ReduceFourRows<Simd512Operations, Vector512<float>, TTerm>(ref vector, ref rows, rowStride, length, result);
        }
        else if (width >= VectorWidth.Vector256 && length >= Vector256<float>.Count)
        {
            ReduceFourRows<Simd256Operations, Vector256<float>, TTerm>(ref vector, ref rows, rowStride, length, result);
        }
        else if (width >= VectorWidth.Vector128 && length >= Vector128<float>.Count)
        {
            ReduceFourRows<Simd128Operations, Vector128<float>, TTerm>(ref vector, ref rows, rowStride, length, result);
        }
        else
        {
            for (int row = 0; row < 4; row++)
            {
                result[row] = Reduce<TTerm>(VectorWidth.Scalar, ref vector, ref Unsafe.Add(ref rows, row * rowStride), length);
            }
        }
    }

    // Requires length >= TSimd.Count. Four independent accumulators hide the FMA latency.
    private static float Reduce<TSimd, TVector, TTerm>(ref float x, ref float y, int length)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
        where TTerm : IPairTerm
    {
        int count = TSimd.Count;
        TVector sum0 = TSimd.Zero;
        TVector sum1 = TSimd.Zero;
        TVector sum2 = TSimd.Zero;
        TVector sum3 = TSimd.Zero;
        int i = 0;
        for (; i <= length - (4 * count); i += 4 * count)
        {
            sum0 = TTerm.Accumulate<TSimd, TVector>(TSimd.Load(ref Unsafe.Add(ref x, i)), TSimd.Load(ref Unsafe.Add(ref y, i)), sum0);
            sum1 = TTerm.Accumulate<TSimd, TVector>(TSimd.Load(ref Unsafe.Add(ref x, i + count)), TSimd.Load(ref Unsafe.Add(ref y, i + count)), sum1);
            sum2 = TTerm.Accumulate<TSimd, TVector>(TSimd.Load(ref Unsafe.Add(ref x, i + (2 * count))), TSimd.Load(ref Unsafe.Add(ref y, i + (2 * count))), sum2);
            sum3 = TTerm.Accumulate<TSimd, TVector>(TSimd.Load(ref Unsafe.Add(ref x, i + (3 * count))), TSimd.Load(ref Unsafe.Add(ref y, i + (3 * count))), sum3);
        }

        for (; i <= length - count; i += count)
        {
            sum0 = TTerm.Accumulate<TSimd, TVector>(TSimd.Load(ref Unsafe.Add(ref x, i)), TSimd.Load(ref Unsafe.Add(ref y, i)), sum0);
        }

        if (i < length)
        {
            TVector mask = TSimd.LastLanesMask(length - i);
            int last = length - count;
            TVector xTail = TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref x, last)), mask);
            TVector yTail = TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref y, last)), mask);
            sum1 = TTerm.Accumulate<TSimd, TVector>(xTail, yTail, sum1);
        }

        return TSimd.Sum(TSimd.Add(TSimd.Add(sum0, sum1), TSimd.Add(sum2, sum3)));
    }

    // Requires length >= TSimd.Count. One accumulator per row, two steps per iteration (eight independent chains).
    private static void ReduceFourRows<TSimd, TVector, TTerm>(ref float vector, ref float rows, int rowStride, int length, Span<float> result)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
        where TTerm : IPairTerm
    {
        int count = TSimd.Count;
        ref float row0 = ref rows;
        ref float row1 = ref Unsafe.Add(ref rows, rowStride);
        ref float row2 = ref Unsafe.Add(ref rows, 2 * rowStride);
        ref float row3 = ref Unsafe.Add(ref rows, 3 * rowStride);
        TVector sum0 = TSimd.Zero;
        TVector sum1 = TSimd.Zero;
        TVector sum2 = TSimd.Zero;
        TVector sum3 = TSimd.Zero;
        TVector next0 = TSimd.Zero;
        TVector next1 = TSimd.Zero;
        TVector next2 = TSimd.Zero;
        TVector next3 = TSimd.Zero;
        int i = 0;
        for (; i <= length - (2 * count); i += 2 * count)
        {
            TVector v = TSimd.Load(ref Unsafe.Add(ref vector, i));
            TVector w = TSimd.Load(ref Unsafe.Add(ref vector, i + count));
            sum0 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row0, i)), sum0);
            sum1 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row1, i)), sum1);
            sum2 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row2, i)), sum2);
            sum3 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row3, i)), sum3);
            next0 = TTerm.Accumulate<TSimd, TVector>(w, TSimd.Load(ref Unsafe.Add(ref row0, i + count)), next0);
            next1 = TTerm.Accumulate<TSimd, TVector>(w, TSimd.Load(ref Unsafe.Add(ref row1, i + count)), next1);
            next2 = TTerm.Accumulate<TSimd, TVector>(w, TSimd.Load(ref Unsafe.Add(ref row2, i + count)), next2);
            next3 = TTerm.Accumulate<TSimd, TVector>(w, TSimd.Load(ref Unsafe.Add(ref row3, i + count)), next3);
        }

        for (; i <= length - count; i += count)
        {
            TVector v = TSimd.Load(ref Unsafe.Add(ref vector, i));
            sum0 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row0, i)), sum0);
            sum1 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row1, i)), sum1);
            sum2 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row2, i)), sum2);
            sum3 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.Load(ref Unsafe.Add(ref row3, i)), sum3);
        }

        if (i < length)
        {
            TVector mask = TSimd.LastLanesMask(length - i);
            int last = length - count;
            TVector v = TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref vector, last)), mask);
            next0 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref row0, last)), mask), next0);
            next1 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref row1, last)), mask), next1);
            next2 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref row2, last)), mask), next2);
            next3 = TTerm.Accumulate<TSimd, TVector>(v, TSimd.BitwiseAnd(TSimd.Load(ref Unsafe.Add(ref row3, last)), mask), next3);
        }

        result[0] = TSimd.Sum(TSimd.Add(sum0, next0));
        result[1] = TSimd.Sum(TSimd.Add(sum1, next1));
        result[2] = TSimd.Sum(TSimd.Add(sum2, next2));
        result[3] = TSimd.Sum(TSimd.Add(sum3, next3));
    }
}
