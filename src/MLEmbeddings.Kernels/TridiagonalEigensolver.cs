namespace MLEmbeddings.Kernels;

/// <summary>
/// Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the implicit QL iteration with
/// Wilkinson shifts, in double precision.
/// </summary>
/// <remarks>
/// Each sweep chases a bulge up the unreduced block <c>[l, m]</c> with plane rotations; the shift is the eigenvalue of
/// the leading 2 x 2 block nearest <c>d_l</c>. An off-diagonal entry is treated as zero when
/// <c>|e_m| &lt;= eps max(|d_m| + |d_(m+1)|, t)</c>, where <c>t</c> is the largest <c>|d_i| + |e_i|</c> seen at the start of
/// eigenvalues <c>0..l</c> (EISPACK <c>tql2</c>'s running norm): the relative test alone never accepts the rounding-level
/// couplings inside a cluster of zero eigenvalues (a low-rank scatter matrix), whose accuracy is <c>eps ||T||</c> anyway. Convergence is cubic; at most <see cref="MaximumIterations"/>
/// sweeps are allowed per eigenvalue. When vectors are wanted, the rotations are applied to the rows of a matrix
/// <c>W</c> (the columns of <c>Z = W^T</c> are rotated), so on return row <c>i</c> of <c>W</c> is the eigenvector
/// of eigenvalue <c>d_i</c> mapped by the starting <c>W</c>.
/// </remarks>
internal static class TridiagonalEigensolver
{
    /// <summary>Most QL sweeps allowed for one eigenvalue (LAPACK's <c>steqr</c> also allows 30 on average).</summary>
    public const int MaximumIterations = 30;

    /// <summary>Machine epsilon of <see cref="double"/> (2^-52).</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>The smallest normal <see cref="double"/> (2^-1022): couplings below it are zero for any scale.</summary>
    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>
    /// Overwrites <paramref name="diagonal"/> with the eigenvalues (unsorted) and destroys <paramref name="offDiagonal"/>;
    /// rotates the rows of <paramref name="rows"/> (<c>n x n</c>, row-major) when it is not null (each sweep is one
    /// <see cref="RotationChain"/>, recorded and applied in column blocks by <see cref="RotationSequence"/>).
    /// </summary>
    /// <param name="diagonal">The <c>n</c> diagonal entries.</param>
    /// <param name="offDiagonal"><c>n</c> entries: entry <c>k</c> couples <c>k</c> and <c>k + 1</c>; the last must be 0.</param>
    /// <param name="rows">Null for eigenvalues only, else the matrix whose rows are rotated.</param>
    /// <exception cref="ArithmeticException">An eigenvalue did not converge in <see cref="MaximumIterations"/> sweeps (only possible with non-finite input).</exception>
    public static void Solve(double[] diagonal, double[] offDiagonal, double[]? rows)
    {
        int size = diagonal.Length;
        RotationSequence? rotations = rows is null ? null : new RotationSequence(rows, size);
        double norm = 0;
        for (int l = 0; l < size; l++)
        {
            norm = Math.Max(norm, Math.Abs(diagonal[l]) + Math.Abs(offDiagonal[l]));
            int iterations = 0;
            while (true)
            {
                int m = FindSplit(diagonal, offDiagonal, l, norm);
                if (m == l)
                {
                    break;
                }

                if (++iterations > MaximumIterations)
                {
                    throw new ArithmeticException($"The tridiagonal QL iteration did not converge for eigenvalue {l} of {size} after {MaximumIterations} sweeps.");
                }

                Sweep(diagonal, offDiagonal, rotations, l, m);
            }
        }

        rotations?.Flush();
    }

    /// <summary>
    /// The first <c>m &gt;= l</c> at which the matrix splits (<c>e_m</c> negligible against its neighbours or against
    /// <paramref name="norm"/>), or <c>n - 1</c>.
    /// </summary>
    private static int FindSplit(double[] diagonal, double[] offDiagonal, int l, double norm)
    {
        int m = l;
        for (; m < diagonal.Length - 1; m++)
        {
            double scale = Math.Max(Math.Abs(diagonal[m]) + Math.Abs(diagonal[m + 1]), norm);
            double coupling = Math.Abs(offDiagonal[m]);
            if (coupling <= Epsilon * scale || coupling < SmallestNormal)
            {
                break;
            }
        }

        return m;
    }

    /// <summary>One implicit QL sweep with a Wilkinson shift over the unreduced block <c>[l, m]</c>.</summary>
    private static void Sweep(double[] diagonal, double[] offDiagonal, RotationSequence? rotations, int l, int m)
    {
        double g = (diagonal[l + 1] - diagonal[l]) / (2 * offDiagonal[l]);
        double r = double.Hypot(g, 1);
        g = diagonal[m] - diagonal[l] + (offDiagonal[l] / (g + double.CopySign(r, g)));
        double sine = 1;
        double cosine = 1;
        double p = 0;
        rotations?.BeginChain(m);
        for (int i = m - 1; i >= l; i--)
        {
            double f = sine * offDiagonal[i];
            double b = cosine * offDiagonal[i];
            r = Math.Sqrt((f * f) + (g * g));
            offDiagonal[i + 1] = r;
            if (r == 0)
            {
                // f and g underflowed (the matrix is scaled to norm ~1, so they cannot overflow): the block splits at i + 1.
                diagonal[i + 1] -= p;
                offDiagonal[m] = 0;
                rotations?.EndChain();
                return;
            }

            sine = f / r;
            cosine = g / r;
            g = diagonal[i + 1] - p;
            r = ((diagonal[i] - g) * sine) + (2 * cosine * b);
            p = sine * r;
            diagonal[i + 1] = g + p;
            g = (cosine * r) - b;
            rotations?.Add(cosine, sine);
        }

        rotations?.EndChain();

        diagonal[l] -= p;
        offDiagonal[l] = g;
        offDiagonal[m] = 0;
    }
}
