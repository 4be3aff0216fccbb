namespace MLEmbeddings.Kernels;

/// <summary>Scatter (unnormalised covariance) matrices of labelled rows, in double precision, for LDA and LFDA.</summary>
internal static class ScatterMatrices
{
    /// <summary><c>X^T X</c> (<c>d x d</c>), through a float GEMM.</summary>
    public static double[] Gram(ReadOnlyMatrixView rows, int maxDegreeOfParallelism)
    {
        int dimension = rows.Columns;
        var product = new float[checked(dimension * dimension)];
        Gemm.Multiply(rows, true, rows, false, new MatrixView(product, dimension, dimension), maxDegreeOfParallelism: maxDegreeOfParallelism);
        var result = new double[product.Length];
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                // Symmetrise: the float product need not be exactly symmetric.
                result[(i * dimension) + j] = ((double)product[(i * dimension) + j] + product[(j * dimension) + i]) / 2;
            }
        }

        return result;
    }

    /// <summary>The sum of each class's rows, <c>ClassCount x d</c>.</summary>
    public static double[] ClassSums(ClassSortedRows data)
    {
        int dimension = data.Dimension;
        var sums = new double[data.ClassCount * dimension];
        for (int i = 0; i < data.Count; i++)
        {
            Span<double> sum = sums.AsSpan(data.ClassOfRow[i] * dimension, dimension);
            ReadOnlySpan<float> row = data.Values.AsSpan(i * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                sum[j] += row[j];
            }
        }

        return sums;
    }

    /// <summary>
    /// The within-class scatter <c>S_w = sum_c sum_(i in c) (x_i - m_c)(x_i - m_c)^T = X^T X - sum_c s_c s_c^T / n_c</c>
    /// and the between-class scatter <c>S_b = sum_c s_c s_c^T / n_c - s s^T / n</c> (<c>s_c</c>: class sums).
    /// </summary>
    public static (double[] Within, double[] Between) WithinAndBetween(ClassSortedRows data, int maxDegreeOfParallelism)
    {
        int dimension = data.Dimension;
        double[] within = Gram(data.View, maxDegreeOfParallelism);
        double[] sums = ClassSums(data);
        var between = new double[within.Length];
        var total = new double[dimension];
        for (int c = 0; c < data.ClassCount; c++)
        {
            ReadOnlySpan<double> sum = sums.AsSpan(c * dimension, dimension);
            AddOuter(between, sum, 1.0 / data.ClassSize(c));
            for (int j = 0; j < dimension; j++)
            {
                total[j] += sum[j];
            }
        }

        AddOuter(between, total, -1.0 / data.Count);
        for (int k = 0; k < within.Length; k++)
        {
            within[k] -= between[k];
        }

        AddOuter(within, total, -1.0 / data.Count);
        return (within, between);
    }

    /// <summary><c>matrix += scale * v v^T</c>.</summary>
    public static void AddOuter(double[] matrix, ReadOnlySpan<double> vector, double scale)
    {
        int dimension = vector.Length;
        for (int i = 0; i < dimension; i++)
        {
            double left = scale * vector[i];
            for (int j = 0; j < dimension; j++)
            {
                matrix[(i * dimension) + j] += left * vector[j];
            }
        }
    }

    /// <summary>The mean of the diagonal, <c>trace / d</c>.</summary>
    public static double MeanDiagonal(double[] matrix, int dimension)
    {
        double trace = 0;
        for (int i = 0; i < dimension; i++)
        {
            trace += matrix[(i * dimension) + i];
        }

        return dimension == 0 ? 0 : trace / dimension;
    }

    /// <summary>The sample covariance <c>(X - mean)^T (X - mean) / (n - 1)</c> (<c>d x d</c>, double).</summary>
    public static double[] Covariance(ReadOnlyMatrixView rows, int maxDegreeOfParallelism)
    {
        ClassSortedRows centered = ClassSortedRows.Create(rows, new int[rows.Rows], center: true);
        double[] covariance = Gram(centered.View, maxDegreeOfParallelism);
        double scale = 1.0 / Math.Max(rows.Rows - 1, 1);
        for (int k = 0; k < covariance.Length; k++)
        {
            covariance[k] *= scale;
        }

        return covariance;
    }
}
