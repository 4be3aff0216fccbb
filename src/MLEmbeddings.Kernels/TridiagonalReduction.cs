using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, <c>A = Q T Q^T</c>, in double precision.
/// </summary>
/// <remarks>
/// Step <c>k</c> (0 &lt;= k &lt; n - 2) builds the reflector <c>H_k = I - tau_k v_k v_k^T</c> that zeroes column
/// <c>k</c> below the subdiagonal and applies it on both sides of the trailing block
/// (<c>S &lt;- S - v w^T - w v^T</c> with <c>p = tau S v</c>, <c>w = p - (tau / 2)(p . v) v</c>), so
/// <c>Q = H_0 H_1 ... H_(n-3)</c>. The full square is kept up to date so every operation runs on contiguous rows.
/// Cost about <c>2 n^3</c> flops, plus <c>4/3 n^3</c> to form <c>Q^T</c> or <c>2 n^2</c> to map back one vector.
/// </remarks>
internal sealed class TridiagonalReduction
{
    private readonly double[] _reflectors;
    private readonly double[] _scales;

    private TridiagonalReduction(int size, double[] reflectors, double[] scales, double[] diagonal, double[] offDiagonal)
    {
        Size = size;
        _reflectors = reflectors;
        _scales = scales;
        Diagonal = diagonal;
        OffDiagonal = offDiagonal;
    }

    /// <summary>Order <c>n</c> of the matrix.</summary>
    public int Size { get; }

    /// <summary>The diagonal of <c>T</c> (length <c>n</c>).</summary>
    public double[] Diagonal { get; }

    /// <summary>The off-diagonal of <c>T</c>: entry <c>k</c> couples rows <c>k</c> and <c>k + 1</c>; length <c>n</c>, the last entry 0.</summary>
    public double[] OffDiagonal { get; }

    /// <summary>Reduces the symmetric row-major matrix, which is overwritten (row <c>k</c> then holds reflector <c>k</c>).</summary>
    public static TridiagonalReduction Reduce(double[] matrix, int size)
    {
        var diagonal = new double[size];
        var offDiagonal = new double[size];
        var scales = new double[Math.Max(size - 2, 0)];
        var product = new double[size];
        for (int k = 0; k < size - 2; k++)
        {
            int length = size - k - 1;
            Span<double> reflector = matrix.AsSpan((k * size) + k + 1, length);
            double tau = HouseholderReflector.Make(reflector, out double beta);
            scales[k] = tau;
            diagonal[k] = matrix[(k * size) + k];
            offDiagonal[k] = beta;
            if (tau == 0)
            {
                continue;
            }

            // p = tau * S v over the trailing block S = A[k+1.., k+1..].
            int start = ((k + 1) * size) + k + 1;
            Span<double> p = product.AsSpan(0, length);
            for (int i = 0; i < length; i++)
            {
                p[i] = tau * TensorPrimitives.Dot<double>(matrix.AsSpan(start + (i * size), length), reflector);
            }

            // w = p - (tau / 2)(p . v) v, stored in p.
            double correction = -0.5 * tau * TensorPrimitives.Dot<double>(p, reflector);
            TensorPrimitives.MultiplyAdd<double>(reflector, correction, p, p);

            // S <- S - v w^T - w v^T, row by row.
            for (int i = 0; i < length; i++)
            {
                Span<double> row = matrix.AsSpan(start + (i * size), length);
                TensorPrimitives.MultiplyAdd<double>(p, -reflector[i], row, row);
                TensorPrimitives.MultiplyAdd<double>(reflector, -p[i], row, row);
            }
        }

        if (size >= 2)
        {
            diagonal[size - 2] = matrix[((size - 2) * size) + size - 2];
            offDiagonal[size - 2] = matrix[((size - 2) * size) + size - 1];
        }

        if (size >= 1)
        {
            diagonal[size - 1] = matrix[(size * size) - 1];
        }

        return new TridiagonalReduction(size, matrix, scales, diagonal, offDiagonal);
    }

    /// <summary>Writes <c>Q^T</c> (row-major, <c>n x n</c>) into <paramref name="destination"/>: row <c>i</c> is column <c>i</c> of <c>Q</c>.</summary>
    /// <remarks>Accumulates <c>Q^T = H_(n-3) ... H_0</c> from the right, starting at the last reflector, so step <c>k</c> touches only rows and columns after <c>k</c>.</remarks>
    public void FormTransposedTransform(double[] destination)
    {
        int size = Size;
        Array.Clear(destination, 0, size * size);
        for (int i = 0; i < size; i++)
        {
            destination[(i * size) + i] = 1;
        }

        for (int k = size - 3; k >= 0; k--)
        {
            double tau = _scales[k];
            if (tau == 0)
            {
                continue;
            }

            int length = size - k - 1;
            ReadOnlySpan<double> reflector = _reflectors.AsSpan((k * size) + k + 1, length);
            for (int i = k + 1; i < size; i++)
            {
                Span<double> row = destination.AsSpan((i * size) + k + 1, length);
                double projection = tau * TensorPrimitives.Dot(row, reflector);
                TensorPrimitives.MultiplyAdd(reflector, -projection, row, row);
            }
        }
    }

    /// <summary>Maps a vector of the tridiagonal problem back to the original one in place: <c>z &lt;- Q z = H_0 (H_1 (... H_(n-3) z))</c>.</summary>
    public void ApplyTransform(Span<double> vector)
    {
        int size = Size;
        for (int k = size - 3; k >= 0; k--)
        {
            double tau = _scales[k];
            if (tau == 0)
            {
                continue;
            }

            int length = size - k - 1;
            ReadOnlySpan<double> reflector = _reflectors.AsSpan((k * size) + k + 1, length);
            Span<double> part = vector.Slice(k + 1, length);
            TensorPrimitives.MultiplyAdd(reflector, -tau * TensorPrimitives.Dot(part, reflector), part, part);
        }
    }
}
