namespace MLEmbeddings.Kernels;

/// <summary>
/// Orthonormal bases of the span of the columns of a tall block (<c>d x k</c>, <c>k</c> small) by SVQB (Stathopoulos
/// and Wu 2002): with the Gram matrix <c>G = Z^T Z</c>, its diagonal scaling <c>D = diag(G)^(-1/2)</c> and the
/// eigendecomposition <c>D G D = V Lambda V^T</c>, <c>Q = Z D V Lambda^(-1/2)</c> has orthonormal columns. Two products
/// with the block (both on <see cref="Gemm"/>) and a <c>k x k</c> eigenproblem in double, no <c>d x k</c> workspace of
/// its own.
/// </summary>
/// <remarks>
/// The Gram matrix is formed in float, so one pass leaves the columns orthonormal to about <c>1e-5 kappa(Z)^2</c>;
/// <see cref="Orthonormalize"/> with two passes reaches float accuracy for any block whose condition number is below
/// about 300, and each further pass squares the remaining error. Eigenvalues below <see cref="Floor"/> times the
/// largest are raised to that floor: the direction of a column that was numerically dependent on the others is then
/// its rounding noise amplified toward unit length, which the next pass orthonormalizes like a random completion; a
/// direction with no noise at all (a zero column) comes back (near) zero. The output columns follow the eigenvalues
/// (descending), not the input columns: the span is kept, the column order is not. Callers that need a full basis
/// must not rely on the completion; <see cref="RowSpaceRandomizedSvd"/> only needs the span.
/// </remarks>
internal static class ColumnOrthonormalization
{
    /// <summary>Smallest eigenvalue of the scaled Gram matrix used, relative to the largest.</summary>
    public const double Floor = 1e-12;

    /// <summary>
    /// Replaces the columns of <paramref name="block"/> with an orthonormal basis of their span after
    /// <paramref name="passes"/> SVQB passes (ping-ponging through <paramref name="scratch"/>, which is overwritten).
    /// </summary>
    /// <param name="block">The <c>d x k</c> block, contiguous.</param>
    /// <param name="scratch">A <c>d x k</c> block of its own storage.</param>
    /// <param name="passes">Number of passes, 1 or 2 (an even count ends in <paramref name="block"/>; 1 ends in <paramref name="scratch"/> and copies back).</param>
    /// <param name="maxDegreeOfParallelism">Most threads of the products; results are bit-identical for every value.</param>
    public static void Orthonormalize(MatrixView block, MatrixView scratch, int passes, int maxDegreeOfParallelism)
    {
        Pass(block, scratch, maxDegreeOfParallelism);
        if (passes > 1)
        {
            Pass(scratch, block, maxDegreeOfParallelism);
        }
        else
        {
            scratch.Data.Span[..(scratch.Rows * scratch.Columns)].CopyTo(block.Data.Span);
        }
    }

    /// <summary>One SVQB pass: <paramref name="target"/> = <paramref name="source"/> <c>D V Lambda^(-1/2)</c>.</summary>
    public static void Pass(ReadOnlyMatrixView source, MatrixView target, int maxDegreeOfParallelism)
    {
        int k = source.Columns;
        MatrixView gram = MatrixView.Allocate(k, k);
        Gemm.Multiply(source, true, source, false, gram, maxDegreeOfParallelism: maxDegreeOfParallelism);
        var scale = new double[k];
        for (int j = 0; j < k; j++)
        {
            scale[j] = gram[j, j] > 0f ? 1 / Math.Sqrt(gram[j, j]) : 0;
        }

        var scaled = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                scaled[(i * k) + j] = 0.5 * ((double)gram[i, j] + gram[j, i]) * scale[i] * scale[j];
            }
        }

        (double[] values, double[] vectors) = SymmetricEigensolver.DecomposeSymmetric(scaled, k, k);
        MatrixView transform = MatrixView.Allocate(k, k);
        if (values[0] > 0)
        {
            double floor = values[0] * Floor;
            for (int j = 0; j < k; j++)
            {
                double inverseRoot = 1 / Math.Sqrt(Math.Max(values[j], floor));
                for (int i = 0; i < k; i++)
                {
                    transform[i, j] = (float)(scale[i] * vectors[(j * k) + i] * inverseRoot);
                }
            }
        }

        Gemm.Multiply(source, false, transform, false, target, maxDegreeOfParallelism: maxDegreeOfParallelism);
    }
}
