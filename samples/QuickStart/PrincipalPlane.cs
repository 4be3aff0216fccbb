namespace QuickStart;

/// <summary>
/// The plane of the two largest principal components of a set of vectors, for a 2-D picture of an embedding:
/// the covariance matrix (in double precision) and its two leading eigenvectors by power iteration with deflation.
/// </summary>
internal static class PrincipalPlane
{
    private const int Iterations = 300;

    /// <summary>The coordinates of each row in the plane of the first two principal components (centred).</summary>
    public static (double[] X, double[] Y) Project(float[][] rows)
    {
        int dimension = rows[0].Length;
        double[] mean = new double[dimension];
        foreach (float[] row in rows)
        {
            for (int j = 0; j < dimension; j++)
            {
                mean[j] += row[j] / (double)rows.Length;
            }
        }

        var covariance = new double[dimension, dimension];
        foreach (float[] row in rows)
        {
            for (int i = 0; i < dimension; i++)
            {
                double centredI = row[i] - mean[i];
                for (int j = 0; j < dimension; j++)
                {
                    covariance[i, j] += centredI * (row[j] - mean[j]);
                }
            }
        }

        double[] first = LeadingEigenvector(covariance, dimension);
        Deflate(covariance, first, dimension);
        double[] second = LeadingEigenvector(covariance, dimension);
        return (Coordinates(rows, mean, first), Coordinates(rows, mean, second));
    }

    private static double[] LeadingEigenvector(double[,] matrix, int dimension)
    {
        // Start away from any special direction; the iteration converges to the leading eigenvector.
        double[] vector = Enumerable.Range(0, dimension).Select(j => 1.0 + (0.01 * j)).ToArray();
        Normalize(vector);
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var next = new double[dimension];
            for (int i = 0; i < dimension; i++)
            {
                for (int j = 0; j < dimension; j++)
                {
                    next[i] += matrix[i, j] * vector[j];
                }
            }

            if (!Normalize(next))
            {
                break;
            }

            vector = next;
        }

        return vector;
    }

    private static void Deflate(double[,] matrix, double[] vector, int dimension)
    {
        double eigenvalue = 0;
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                eigenvalue += vector[i] * matrix[i, j] * vector[j];
            }
        }

        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                matrix[i, j] -= eigenvalue * vector[i] * vector[j];
            }
        }
    }

    private static bool Normalize(double[] vector)
    {
        double norm = Math.Sqrt(vector.Sum(value => value * value));
        if (norm == 0)
        {
            return false;
        }

        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return true;
    }

    private static double[] Coordinates(float[][] rows, double[] mean, double[] direction)
        => rows.Select(row =>
        {
            double sum = 0;
            for (int j = 0; j < direction.Length; j++)
            {
                sum += (row[j] - mean[j]) * direction[j];
            }

            return sum;
        }).ToArray();
}
