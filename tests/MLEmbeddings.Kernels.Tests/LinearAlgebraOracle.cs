namespace MLEmbeddings.Kernels.Tests;

/// <summary>Independent double-precision helpers for the linear algebra tests: random orthogonal matrices, products, norms.</summary>
internal static class LinearAlgebraOracle
{
    /// <summary>Every vector width, for tests that force each kernel path in turn.</summary>
    public static TheoryData<VectorWidth> Widths => new() { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 };

    /// <summary>Standard normal samples (Box-Muller), <c>rows x columns</c> row-major.</summary>
    public static double[] Gaussian(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }

    /// <summary><paramref name="count"/> orthonormal rows of length <paramref name="length"/> (Gram-Schmidt, twice, on Gaussian rows).</summary>
    public static double[] OrthonormalRows(int count, int length, int seed)
    {
        double[] rows = Gaussian(count, length, seed);
        for (int j = 0; j < count; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int t = 0; t < length; t++)
                    {
                        dot += rows[(j * length) + t] * rows[(k * length) + t];
                    }

                    for (int t = 0; t < length; t++)
                    {
                        rows[(j * length) + t] -= dot * rows[(k * length) + t];
                    }
                }
            }

            double norm = 0;
            for (int t = 0; t < length; t++)
            {
                norm += rows[(j * length) + t] * rows[(j * length) + t];
            }

            norm = Math.Sqrt(norm);
            for (int t = 0; t < length; t++)
            {
                rows[(j * length) + t] /= norm;
            }
        }

        return rows;
    }

    /// <summary><c>Q^T diag(values) Q</c> for <c>Q</c> with orthonormal rows <paramref name="rows"/> (<c>n x n</c>): the eigenvectors are the rows.</summary>
    public static double[] FromEigenpairs(double[] rows, double[] values)
    {
        int size = values.Length;
        var result = new double[size * size];
        for (int k = 0; k < size; k++)
        {
            for (int i = 0; i < size; i++)
            {
                double scaled = values[k] * rows[(k * size) + i];
                for (int j = 0; j < size; j++)
                {
                    result[(i * size) + j] += scaled * rows[(k * size) + j];
                }
            }
        }

        return result;
    }

    /// <summary><c>A B</c> for row-major <c>A</c> (<c>m x k</c>) and <c>B</c> (<c>k x n</c>).</summary>
    public static double[] Multiply(double[] a, double[] b, int m, int k, int n)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < k; t++)
            {
                double value = a[(i * k) + t];
                for (int j = 0; j < n; j++)
                {
                    result[(i * n) + j] += value * b[(t * n) + j];
                }
            }
        }

        return result;
    }

    /// <summary>The transpose of a row-major <c>rows x columns</c> matrix.</summary>
    public static double[] Transpose(double[] matrix, int rows, int columns)
    {
        var result = new double[matrix.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[(j * rows) + i] = matrix[(i * columns) + j];
            }
        }

        return result;
    }

    /// <summary><c>A x</c> for a row-major <c>rows x columns</c> matrix.</summary>
    public static double[] MultiplyVector(double[] matrix, int rows, int columns, ReadOnlySpan<double> vector)
    {
        var result = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int j = 0; j < columns; j++)
            {
                sum += matrix[(i * columns) + j] * vector[j];
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>The Frobenius norm.</summary>
    public static double Norm(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value * value;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>The dot product.</summary>
    public static double Dot(ReadOnlySpan<double> left, ReadOnlySpan<double> right)
    {
        double sum = 0;
        for (int i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    /// <summary>Float copies of double values.</summary>
    public static float[] ToFloat(double[] values) => values.Select(value => (float)value).ToArray();

    /// <summary>
    /// A full-rank rows x columns float matrix with a decaying spectrum (Gaussian columns scaled by 0.8^j), and the
    /// leading eigenpairs of its Gram matrix A^T A formed in double: the reference singular values and right vectors.
    /// </summary>
    public static (float[] Matrix, SymmetricEigendecomposition Reference) DecayingGaussian(int rows, int columns, int count, int seed)
    {
        double[] gaussian = Gaussian(rows, columns, seed);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                gaussian[(i * columns) + j] *= Math.Pow(0.8, j);
            }
        }

        float[] matrix = ToFloat(gaussian);
        double[] rounded = ToDouble(matrix);
        double[] gram = Multiply(Transpose(rounded, rows, columns), rounded, columns, rows, columns);
        return (matrix, SymmetricEigensolver.Decompose(gram, columns, count: count));
    }

    /// <summary>Double copies of float values.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values) => values.ToArray().Select(value => (double)value).ToArray();

    /// <summary>Asserts that the first component within a relative 1e-6 of the largest magnitude is positive (the library's sign convention).</summary>
    public static void AssertSignConvention(ReadOnlySpan<double> vector)
    {
        double largest = 0;
        foreach (double value in vector)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        foreach (double value in vector)
        {
            if (Math.Abs(value) >= largest * (1 - 1e-6))
            {
                Assert.True(value > 0, $"The deciding component {value} should be positive.");
                return;
            }
        }
    }
}
