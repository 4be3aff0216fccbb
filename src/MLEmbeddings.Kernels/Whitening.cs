namespace MLEmbeddings.Kernels;

/// <summary>
/// Fits a whitening map <c>y = W (x - mean)</c> whose outputs have identity covariance on the fitted rows. With the
/// sample covariance <c>C = S / (n - 1) = V Lambda V^T</c> (eigenvalues descending, <see cref="SecondMomentMatrix"/> and
/// <see cref="SymmetricEigensolver"/> in double precision):
/// PCA whitening keeps the <c>r</c> leading components, <c>W = diag(1 / sqrt(lambda_i + epsilon)) V_r^T</c>
/// (<c>r x d</c>; scikit-learn's <c>PCA(whiten=True)</c> up to signs); ZCA (Mahalanobis) whitening rotates back,
/// <c>W = V diag(1 / sqrt(lambda_i + epsilon)) V^T</c> (<c>d x d</c>), the whitening closest to the identity.
/// </summary>
internal static class Whitening
{
    /// <summary>Fits the map.</summary>
    /// <param name="rows">The <c>n x d</c> rows, <c>n &gt;= 2</c>, every value finite.</param>
    /// <param name="zeroPhase">True for ZCA (all <c>d</c> components, output size <c>d</c>), false for PCA.</param>
    /// <param name="rank">Components kept by PCA, in <c>[1, d]</c> (ignored by ZCA).</param>
    /// <param name="epsilon">Added to every eigenvalue, 0 or more.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit of the covariance products; -1 for all cores.</param>
    /// <returns>The mean, <c>W</c> row-major (<c>rank x d</c> or <c>d x d</c>) and the kept eigenvalues.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 rows, or a kept component has <c>lambda + epsilon &lt;= 0</c>.</exception>
    public static (float[] Mean, float[] Weights, double[] Eigenvalues) Fit(ReadOnlyMatrixView rows, bool zeroPhase, int rank, double epsilon, int maxDegreeOfParallelism)
    {
        int dimension = rows.Columns;
        if (rows.Rows < 2)
        {
            throw new ArgumentException($"Whitening needs at least 2 rows to estimate a covariance; got {rows.Rows}.", nameof(rows));
        }

        var mean = new double[dimension];
        var covariance = new double[dimension * dimension];
        SecondMomentMatrix.Compute(rows, center: true, mean, covariance, maxDegreeOfParallelism);
        for (int p = 0; p < covariance.Length; p++)
        {
            covariance[p] /= rows.Rows - 1;
        }

        int kept = zeroPhase ? dimension : rank;
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(covariance, dimension, kept, double.PositiveInfinity);
        var scales = new double[kept];
        var eigenvalues = new double[kept];
        for (int i = 0; i < kept; i++)
        {
            eigenvalues[i] = Math.Max(eigen.Eigenvalues[i], 0);
            double variance = eigenvalues[i] + epsilon;
            if (!(variance > 0))
            {
                throw new ArgumentException(
                    $"Component {i} of the data has variance {eigenvalues[i]:G6} and Epsilon is {epsilon}: it cannot be scaled to unit variance. Set Epsilon > 0 (for example 1e-5) or keep fewer components.",
                    nameof(rows));
            }

            scales[i] = 1 / Math.Sqrt(variance);
        }

        var weights = new float[(zeroPhase ? dimension : rank) * dimension];
        if (zeroPhase)
        {
            // W = sum_i s_i v_i v_i^T, accumulated row by row in double.
            var row = new double[dimension];
            for (int a = 0; a < dimension; a++)
            {
                Array.Clear(row);
                for (int i = 0; i < kept; i++)
                {
                    ReadOnlySpan<double> vector = eigen.Eigenvector(i);
                    double factor = vector[a] * scales[i];
                    for (int b = 0; b < dimension; b++)
                    {
                        row[b] += factor * vector[b];
                    }
                }

                for (int b = 0; b < dimension; b++)
                {
                    weights[(a * dimension) + b] = (float)row[b];
                }
            }
        }
        else
        {
            for (int i = 0; i < rank; i++)
            {
                ReadOnlySpan<double> vector = eigen.Eigenvector(i);
                for (int b = 0; b < dimension; b++)
                {
                    weights[(i * dimension) + b] = (float)(vector[b] * scales[i]);
                }
            }
        }

        var meanSingle = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            meanSingle[j] = (float)mean[j];
        }

        return (meanSingle, weights, eigenvalues);
    }
}
