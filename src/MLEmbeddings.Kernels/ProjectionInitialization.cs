namespace MLEmbeddings.Kernels;

/// <summary>
/// Starting transformations <c>L</c> (<c>rank x d</c>, row-major) for the iterative metric learners, as scikit-learn's
/// <c>NeighborhoodComponentsAnalysis(init=...)</c> builds them.
/// </summary>
internal static class ProjectionInitialization
{
    /// <summary>Relative ridge added to the within-class covariance of the LDA start (it is only a starting point).</summary>
    private const double DiscriminantRidge = 1e-3;

    /// <summary>The <paramref name="rank"/> leading principal axes of the centred rows (unit rows; scikit-learn <c>init='pca'</c>).</summary>
    public static float[] PrincipalComponents(ReadOnlyMatrixView centeredRows, int rank, int maxDegreeOfParallelism)
    {
        int dimension = centeredRows.Columns;
        double[] covariance = ScatterMatrices.Gram(centeredRows, maxDegreeOfParallelism);
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(covariance, dimension, rank);
        return eigen.Eigenvectors.ToArray();
    }

    /// <summary>
    /// The <paramref name="rank"/> leading linear discriminant directions (<c>S_b v = lambda S_w v</c> with the
    /// within-class covariance <c>S_w / (n - classes)</c>, so the projected within-class covariance is the identity;
    /// scikit-learn <c>init='lda'</c>). <paramref name="rank"/> must not exceed <c>classes - 1</c>.
    /// </summary>
    public static float[] LinearDiscriminants(ClassSortedRows data, int rank, int maxDegreeOfParallelism)
    {
        int dimension = data.Dimension;
        (double[] within, double[] between) = ScatterMatrices.WithinAndBetween(data, maxDegreeOfParallelism);
        double degrees = Math.Max(data.Count - data.ClassCount, 1);
        for (int k = 0; k < within.Length; k++)
        {
            within[k] /= degrees;
            between[k] /= data.Count;
        }

        double ridge = DiscriminantRidge * Math.Max(ScatterMatrices.MeanDiagonal(within, dimension), double.Epsilon);
        SymmetricEigendecomposition eigen = SymmetricEigensolver.DecomposeGeneralized(between, within, dimension, rank, ridge);
        return eigen.Eigenvectors.ToArray();
    }

    /// <summary>The first <paramref name="rank"/> rows of the identity (scikit-learn <c>init='identity'</c>).</summary>
    public static float[] Identity(int rank, int dimension)
    {
        var result = new float[checked(rank * dimension)];
        for (int i = 0; i < Math.Min(rank, dimension); i++)
        {
            result[(i * dimension) + i] = 1f;
        }

        return result;
    }

    /// <summary>Independent standard normal entries (scikit-learn <c>init='random'</c>).</summary>
    public static float[] Random(int rank, int dimension, int seed)
    {
        var result = new float[checked(rank * dimension)];
        GaussianSamples.Fill(result, seed);
        return result;
    }
}
