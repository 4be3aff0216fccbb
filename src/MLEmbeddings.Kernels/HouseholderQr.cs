using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Orthonormalizes a block of vectors stored as rows with a Householder QR factorization in double precision
/// (the thin <c>Q</c> of the matrix whose columns are those rows).
/// </summary>
/// <remarks>
/// Unlike Gram-Schmidt or Cholesky-QR, the result is orthonormal to working precision even when the rows are nearly or
/// exactly linearly dependent (then the extra rows are completed by orthonormal directions). For full-rank input the
/// first <c>j</c> output rows span the first <c>j</c> input rows. Cost about <c>4 k^2 m</c> flops for <c>k</c> rows of
/// length <c>m</c>. Rows are updated independently, so the result does not depend on the thread count.
/// </remarks>
internal static class HouseholderQr
{
    /// <summary>Below this many updated values per reflector the work stays on the calling thread.</summary>
    private const long ParallelThreshold = 1 << 16;

    /// <summary>
    /// Writes into <paramref name="result"/> (<c>count x length</c>) orthonormal rows spanning the rows of
    /// <paramref name="matrix"/> (<c>count x length</c>, <c>count &lt;= length</c>), which is destroyed.
    /// </summary>
    public static void OrthonormalizeRows(double[] matrix, int count, int length, double[] result, int maxDegreeOfParallelism)
    {
        var scales = new double[count];
        for (int j = 0; j < count; j++)
        {
            double tau = HouseholderReflector.Make(matrix.AsSpan((j * length) + j, length - j), out _);
            scales[j] = tau;
            ApplyReflector(matrix, j, tau, matrix, j + 1, count, length, maxDegreeOfParallelism);
        }

        // Q = H_0 ... H_(k-1) [I; 0], accumulated from the last reflector so step j touches only entries from j on.
        Array.Clear(result, 0, count * length);
        for (int c = 0; c < count; c++)
        {
            result[(c * length) + c] = 1;
        }

        for (int j = count - 1; j >= 0; j--)
        {
            ApplyReflector(matrix, j, scales[j], result, j, count, length, maxDegreeOfParallelism);
        }
    }

    /// <summary>Applies reflector <paramref name="reflectorIndex"/> (stored in that row of <paramref name="reflectors"/> from its diagonal on) to rows <c>[first, end)</c> of <paramref name="target"/>.</summary>
    private static void ApplyReflector(double[] reflectors, int reflectorIndex, double tau, double[] target, int first, int end, int length, int maxDegreeOfParallelism)
    {
        if (tau == 0 || first >= end)
        {
            return;
        }

        if ((long)(end - first) * (length - reflectorIndex) < ParallelThreshold || maxDegreeOfParallelism == 1)
        {
            for (int row = first; row < end; row++)
            {
                Reflect(reflectors, reflectorIndex, tau, target, row, length);
            }
        }
        else
        {
            Parallel.For(
                first,
                end,
                new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                row => Reflect(reflectors, reflectorIndex, tau, target, row, length));
        }
    }

    /// <summary><c>x &lt;- x - tau (v . x) v</c> on the part of row <paramref name="row"/> from column <paramref name="reflectorIndex"/> on.</summary>
    private static void Reflect(double[] reflectors, int reflectorIndex, double tau, double[] target, int row, int length)
    {
        int span = length - reflectorIndex;
        ReadOnlySpan<double> reflector = reflectors.AsSpan((reflectorIndex * length) + reflectorIndex, span);
        Span<double> values = target.AsSpan((row * length) + reflectorIndex, span);
        double projection = tau * TensorPrimitives.Dot(values, reflector);
        TensorPrimitives.MultiplyAdd(reflector, -projection, values, values);
    }
}
