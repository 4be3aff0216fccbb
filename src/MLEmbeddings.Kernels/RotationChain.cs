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
                Apply512(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }
        }

        if (width >= VectorWidth.Vector256)
        {
            for (; column <= columns - (4 * Vector256<double>.Count); column += 4 * Vector256<double>.Count)
            {
                Apply256(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
            }
        }

        if (width >= VectorWidth.Vector128)
        {
            for (; column <= columns - (4 * Vector128<double>.Count); column += 4 * Vector128<double>.Count)
            {
                Apply128(ref Unsafe.Add(ref lastRow, column), stride, count, ref cosine, ref sine);
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

    private static void Apply512(ref double row, int stride, int count, ref double cosine, ref double sine)
    {
        const int Step = 8;
        Vector512<double> y0 = Vector512.LoadUnsafe(ref row);
        Vector512<double> y1 = Vector512.LoadUnsafe(ref row, Step);
        Vector512<double> y2 = Vector512.LoadUnsafe(ref row, 2 * Step);
        Vector512<double> y3 = Vector512.LoadUnsafe(ref row, 3 * Step);
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            Vector512<double> c = Vector512.Create(Unsafe.Add(ref cosine, k));
            Vector512<double> s = Vector512.Create(Unsafe.Add(ref sine, k));
            Vector512<double> x0 = Vector512.LoadUnsafe(ref above);
            Vector512<double> x1 = Vector512.LoadUnsafe(ref above, Step);
            Vector512<double> x2 = Vector512.LoadUnsafe(ref above, 2 * Step);
            Vector512<double> x3 = Vector512.LoadUnsafe(ref above, 3 * Step);
            Vector512.FusedMultiplyAdd(s, x0, c * y0).StoreUnsafe(ref row);
            Vector512.FusedMultiplyAdd(s, x1, c * y1).StoreUnsafe(ref row, Step);
            Vector512.FusedMultiplyAdd(s, x2, c * y2).StoreUnsafe(ref row, 2 * Step);
            Vector512.FusedMultiplyAdd(s, x3, c * y3).StoreUnsafe(ref row, 3 * Step);
            y0 = Vector512.FusedMultiplyAdd(c, x0, -(s * y0));
            y1 = Vector512.FusedMultiplyAdd(c, x1, -(s * y1));
            y2 = Vector512.FusedMultiplyAdd(c, x2, -(s * y2));
            y3 = Vector512.FusedMultiplyAdd(c, x3, -(s * y3));
            row = ref above;
        }

        y0.StoreUnsafe(ref row);
        y1.StoreUnsafe(ref row, Step);
        y2.StoreUnsafe(ref row, 2 * Step);
        y3.StoreUnsafe(ref row, 3 * Step);
    }

    private static void Apply256(ref double row, int stride, int count, ref double cosine, ref double sine)
    {
        const int Step = 4;
        Vector256<double> y0 = Vector256.LoadUnsafe(ref row);
        Vector256<double> y1 = Vector256.LoadUnsafe(ref row, Step);
        Vector256<double> y2 = Vector256.LoadUnsafe(ref row, 2 * Step);
        Vector256<double> y3 = Vector256.LoadUnsafe(ref row, 3 * Step);
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            Vector256<double> c = Vector256.Create(Unsafe.Add(ref cosine, k));
            Vector256<double> s = Vector256.Create(Unsafe.Add(ref sine, k));
            Vector256<double> x0 = Vector256.LoadUnsafe(ref above);
            Vector256<double> x1 = Vector256.LoadUnsafe(ref above, Step);
            Vector256<double> x2 = Vector256.LoadUnsafe(ref above, 2 * Step);
            Vector256<double> x3 = Vector256.LoadUnsafe(ref above, 3 * Step);
            Vector256.FusedMultiplyAdd(s, x0, c * y0).StoreUnsafe(ref row);
            Vector256.FusedMultiplyAdd(s, x1, c * y1).StoreUnsafe(ref row, Step);
            Vector256.FusedMultiplyAdd(s, x2, c * y2).StoreUnsafe(ref row, 2 * Step);
            Vector256.FusedMultiplyAdd(s, x3, c * y3).StoreUnsafe(ref row, 3 * Step);
            y0 = Vector256.FusedMultiplyAdd(c, x0, -(s * y0));
            y1 = Vector256.FusedMultiplyAdd(c, x1, -(s * y1));
            y2 = Vector256.FusedMultiplyAdd(c, x2, -(s * y2));
            y3 = Vector256.FusedMultiplyAdd(c, x3, -(s * y3));
            row = ref above;
        }

        y0.StoreUnsafe(ref row);
        y1.StoreUnsafe(ref row, Step);
        y2.StoreUnsafe(ref row, 2 * Step);
        y3.StoreUnsafe(ref row, 3 * Step);
    }

    private static void Apply128(ref double row, int stride, int count, ref double cosine, ref double sine)
    {
        const int Step = 2;
        Vector128<double> y0 = Vector128.LoadUnsafe(ref row);
        Vector128<double> y1 = Vector128.LoadUnsafe(ref row, Step);
        Vector128<double> y2 = Vector128.LoadUnsafe(ref row, 2 * Step);
        Vector128<double> y3 = Vector128.LoadUnsafe(ref row, 3 * Step);
        for (int k = 0; k < count; k++)
        {
            ref double above = ref Unsafe.Subtract(ref row, stride);
            Vector128<double> c = Vector128.Create(Unsafe.Add(ref cosine, k));
            Vector128<double> s = Vector128.Create(Unsafe.Add(ref sine, k));
            Vector128<double> x0 = Vector128.LoadUnsafe(ref above);
            Vector128<double> x1 = Vector128.LoadUnsafe(ref above, Step);
            Vector128<double> x2 = Vector128.LoadUnsafe(ref above, 2 * Step);
            Vector128<double> x3 = Vector128.LoadUnsafe(ref above, 3 * Step);
            Vector128.FusedMultiplyAdd(s, x0, c * y0).StoreUnsafe(ref row);
            Vector128.FusedMultiplyAdd(s, x1, c * y1).StoreUnsafe(ref row, Step);
            Vector128.FusedMultiplyAdd(s, x2, c * y2).StoreUnsafe(ref row, 2 * Step);
            Vector128.FusedMultiplyAdd(s, x3, c * y3).StoreUnsafe(ref row, 3 * Step);
            y0 = Vector128.FusedMultiplyAdd(c, x0, -(s * y0));
            y1 = Vector128.FusedMultiplyAdd(c, x1, -(s * y1));
            y2 = Vector128.FusedMultiplyAdd(c, x2, -(s * y2));
            y3 = Vector128.FusedMultiplyAdd(c, x3, -(s * y3));
            row = ref above;
        }

        y0.StoreUnsafe(ref row);
        y1.StoreUnsafe(ref row, Step);
        y2.StoreUnsafe(ref row, 2 * Step);
        y3.StoreUnsafe(ref row, 3 * Step);
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
