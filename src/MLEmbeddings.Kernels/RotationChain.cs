using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Applies a chain of plane rotations to adjacent rows of a row-major double matrix, going up: rotation <c>k</c>
/// acts on rows <c>i = last - 1 - k</c> (<c>x</c>) and <c>i + 1</c> (<c>y</c>) as
/// <c>x &lt;- c_k x - s_k y</c>, <c>y &lt;- s_k x + c_k y</c> (this is one implicit QL sweep).
/// </summary>
/// <remarks>
/// The new row <c>i</c> is the <c>y</c> of the next rotation, so it stays in registers: each rotation costs one load and
/// one store per element. Four independent vectors are in flight to hide the latency of the dependent updates. Runs
/// with the width of <see cref="KernelDispatch.Width"/>; leftover columns go to narrower vectors, so at most one column
/// is left to scalar code.
/// </remarks>
internal static class RotationChain
{
    /// <summary>
    /// Applies the <paramref name="cosines"/>.Length rotations to <paramref name="columns"/> columns starting at
    /// <paramref name="lastRow"/> (the reference to the first of those columns in row <c>last</c>), with rows
    /// <paramref name="stride"/> values apart.
    /// </summary>
    public static void Apply(ref double lastRow, int stride, int columns, ReadOnlySpan<double> cosines, ReadOnlySpan<double> sines)
    {
        int count = cosines.Length;
        ref double cosine = ref MemoryMarshal.GetReference(cosines);
        ref double sine = ref MemoryMarshal.GetReference(sines);
        VectorWidth width = KernelDispatch.Width;
        int column = 0;
        if (width >= VectorWidth.Vector512)
        {
            for (; column <= columns - (4 * Vector512<double>.Count); column += 4 * Vector512<double>.Count)
            {
                ApplyFour<Double512Operations, Vector512<double>>(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }
        }

        if (width >= VectorWidth.Vector256)
        {
            for (; column <= columns - (4 * Vector256<double>.Count); column += 4 * Vector256<double>.Count)
            {
                ApplyFour<Double256Operations, Vector256<double>>(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }
        }

        if (width >= VectorWidth.Vector128)
        {
            for (; column <= columns - (4 * Vector128<double>.Count); column += 4 * Vector128<double>.Count)
            {
                ApplyFour<Double128Operations, Vector128<double>>(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }

            for (; column <= columns - Vector128<double>.Count; column += Vector128<double>.Count)
            {
                ApplySingle128(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }
        }

        for (; column < columns; column++)
        {
            ApplyScalar(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
        }
    }

    /// <summary>Applies the chain to four vectors of columns at once (independent dependency chains), for one register width.</summary>
    private static void ApplyFour<TOperations, TVector>(ref double row, int stride, int count, ref double cosine, ref double sine)
        where TOperations : struct, IDoubleSimdOperations<TVector>
        where TVector : struct
    {
        int step = TOperations.Count;
        TVector y0 = TOperations.Load(ref row);
        TVector y1 = TOperations.Load(ref Unsafe.Add(ref row, step));
        TVector y2 = TOperations.Load(ref Unsafe.Add(ref row, 2 * step));
        TVector y3 = TOperations.Load(ref Unsafe.Add(ref row, 3 * step));
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            TVector c = TOperations.Broadcast(Unsafe.Add(ref cosine, k));
            TVector s = TOperations.Broadcast(Unsafe.Add(ref sine, k));
            TVector x0 = TOperations.Load(ref above);
            TVector x1 = TOperations.Load(ref Unsafe.Add(ref above, step));
            TVector x2 = TOperations.Load(ref Unsafe.Add(ref above, 2 * step));
            TVector x3 = TOperations.Load(ref Unsafe.Add(ref above, 3 * step));
            TOperations.Store(TOperations.MultiplyAdd(s, x0, TOperations.Multiply(c, y0)), ref row);
            TOperations.Store(TOperations.MultiplyAdd(s, x1, TOperations.Multiply(c, y1)), ref Unsafe.Add(ref row, step));
            TOperations.Store(TOperations.MultiplyAdd(s, x2, TOperations.Multiply(c, y2)), ref Unsafe.Add(ref row, 2 * step));
            TOperations.Store(TOperations.MultiplyAdd(s, x3, TOperations.Multiply(c, y3)), ref Unsafe.Add(ref row, 3 * step));
            y0 = TOperations.MultiplyAdd(c, x0, TOperations.Negate(TOperations.Multiply(s, y0)));
            y1 = TOperations.MultiplyAdd(c, x1, TOperations.Negate(TOperations.Multiply(s, y1)));
            y2 = TOperations.MultiplyAdd(c, x2, TOperations.Negate(TOperations.Multiply(s, y2)));
            y3 = TOperations.MultiplyAdd(c, x3, TOperations.Negate(TOperations.Multiply(s, y3)));
            row = ref above;
        }

        TOperations.Store(y0, ref row);
        TOperations.Store(y1, ref Unsafe.Add(ref row, step));
        TOperations.Store(y2, ref Unsafe.Add(ref row, 2 * step));
        TOperations.Store(y3, ref Unsafe.Add(ref row, 3 * step));
    }

    private static void ApplySingle128(ref double row, int stride, int count, ref double cosine, ref double sine)
    {
        Vector128<double> y = Vector128.LoadUnsafe(ref row);
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            Vector128<double> c = Vector128.Create(Unsafe.Add(ref cosine, k));
            Vector128<double> s = Vector128.Create(Unsafe.Add(ref sine, k));
            Vector128<double> x = Vector128.LoadUnsafe(ref above);
            Vector128.FusedMultiplyAdd(s, x, c * y).StoreUnsafe(ref row);
            y = Vector128.FusedMultiplyAdd(c, x, -(s * y));
            row = ref above;
        }

        y.StoreUnsafe(ref row);
    }

    private static void ApplyScalar(ref double row, int stride, int count, ref double cosine, ref double sine)
    {
        double y = row;
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            double c = Unsafe.Add(ref cosine, k);
            double s = Unsafe.Add(ref sine, k);
            double x = above;
            row = (s * x) + (c * y);
            y = (c * x) - (s * y);
            row = ref above;
        }

        row = y;
    }
}
