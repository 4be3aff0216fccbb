namespace MLEmbeddings.Kernels;

/// <summary>
/// The singular triplets of a tall matrix <c>A</c> (<c>n x d</c>) through its normal equations: from the
/// eigendecomposition of the column Gram matrix <c>A^T A = V diag(s^2) V^T</c>, <c>U = A V / s</c>, written into the
/// caller's storage. Exact to the float accuracy of the Gram matrix, so singular values below about
/// <c>1e-3 s_1</c> lose relative accuracy; for a matrix with few columns it costs one pass over the data and
/// <c>O(d^2)</c> memory. <see cref="RowSpaceRandomizedSvd"/> shares the last step, <see cref="LeftVectors"/>.
/// </summary>
internal static class NormalEquationsSvd
{
    /// <summary>
    /// Writes the leading <paramref name="rank"/> right singular vectors (the eigenvectors of <paramref name="gram"/>) into
    /// <paramref name="rightTransposed"/> (<c>d x r</c>) and <c>U = A V / s</c> into <paramref name="left"/> (<c>n x r</c>);
    /// returns <c>s = sqrt(max(lambda, 0))</c>, descending.
    /// </summary>
    /// <param name="matrix">The operator <c>A</c>.</param>
    /// <param name="gram"><c>A^T A</c> (<c>d x d</c>), symmetric up to float rounding (the two halves are averaged).</param>
    /// <param name="rank">Number of triplets, in <c>[1, d]</c>.</param>
    /// <param name="left"><c>U</c>, <c>n x r</c> (overwritten).</param>
    /// <param name="rightTransposed"><c>V</c>, <c>d x r</c> (overwritten).</param>
    /// <param name="maxDegreeOfParallelism">Most threads of the product with <c>A</c>; results are bit-identical for every value.</param>
    public static double[] FromGram(ILinearOperator matrix, ReadOnlyMatrixView gram, int rank, MatrixView left, MatrixView rightTransposed, int maxDegreeOfParallelism)
    {
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(gram, rank, symmetryTolerance: double.PositiveInfinity);
        var values = new double[rank];
        for (int t = 0; t < rank; t++)
        {
            values[t] = Math.Sqrt(Math.Max(eigen.Eigenvalues[t], 0));
            ReadOnlySpan<double> vector = eigen.Eigenvector(t);
            for (int j = 0; j < vector.Length; j++)
            {
                rightTransposed[j, t] = (float)vector[j];
            }
        }

        LeftVectors(matrix, rightTransposed, values, left, maxDegreeOfParallelism);
        return values;
    }

    /// <summary><paramref name="left"/> becomes <c>A V diag(1 / s)</c>, a column of zeros where <c>s_j = 0</c>.</summary>
    public static void LeftVectors(ILinearOperator matrix, ReadOnlyMatrixView rightTransposed, ReadOnlySpan<double> singularValues, MatrixView left, int maxDegreeOfParallelism)
    {
        matrix.MultiplyColumns(rightTransposed, left, maxDegreeOfParallelism);
        var inverse = new float[singularValues.Length];
        for (int j = 0; j < inverse.Length; j++)
        {
            inverse[j] = singularValues[j] > 0 ? (float)(1 / singularValues[j]) : 0f;
        }

        for (int i = 0; i < left.Rows; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(left.Row(i), inverse, left.Row(i));
        }
    }
}
