namespace MLEmbeddings.Kernels;

/// <summary>Turns a learned Mahalanobis matrix <c>M</c> into a projection <c>L</c> with <c>L^T L ~ M</c>.</summary>
internal static class MahalanobisFactorization
{
    /// <summary>
    /// <c>L = diag(sqrt(max(lambda_k, 0))) V_k^T</c> from the <paramref name="rank"/> largest eigenpairs of the symmetric
    /// <paramref name="matrix"/> (<c>d x d</c>): exactly <c>L^T L = M</c> when <c>rank = d</c> and <c>M</c> is positive
    /// semi-definite, else the best rank-<c>rank</c> approximation. Also returns all eigenvalues' sum of logarithms
    /// (<c>log det M</c>, -infinity when singular) for the caller's objective.
    /// </summary>
    public static (float[] Transformation, double LogDeterminant) Factor(double[] matrix, int dimension, int rank)
    {
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(matrix, dimension, symmetryTolerance: double.PositiveInfinity);
        var transformation = new float[checked(rank * dimension)];
        for (int k = 0; k < rank; k++)
        {
            double scale = Math.Sqrt(Math.Max(eigen.Eigenvalues[k], 0));
            ReadOnlySpan<double> vector = eigen.Eigenvector(k);
            for (int j = 0; j < dimension; j++)
            {
                transformation[(k * dimension) + j] = (float)(scale * vector[j]);
            }
        }

        double logDeterminant = 0;
        foreach (double value in eigen.Eigenvalues)
        {
            logDeterminant += value > 0 ? Math.Log(value) : double.NegativeInfinity;
        }

        return (transformation, logDeterminant);
    }
}
