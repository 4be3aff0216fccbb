using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>
/// The independent oracle for the NMF kernels: plain double-precision loops written from scikit-learn's formulas
/// (<c>_update_cdnmf_fast</c>, <c>_multiplicative_update_w</c>, <c>_beta_divergence</c>), and seeded test data.
/// </summary>
internal static class FactorizationOracle
{
    public const double Epsilon = 1.1920928955078125e-7;

    /// <summary>Uniform values in [0, scale), with about <paramref name="zeroShare"/> of them exactly 0.</summary>
    public static float[] NonNegative(int seed, int count, float scale = 1f, double zeroShare = 0)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double value = random.NextDouble() * scale;
            values[i] = random.NextDouble() < zeroShare ? 0f : (float)value;
        }

        return values;
    }

    /// <summary>The Gram matrix <c>A^T A</c> (<c>k x k</c>) of a <c>m x k</c> row-major matrix, rounded to float.</summary>
    public static float[] Gram(float[] a, int m, int k)
    {
        var gram = new float[k * k];
        for (int s = 0; s < k; s++)
        {
            for (int t = 0; t < k; t++)
            {
                double sum = 0;
                for (int i = 0; i < m; i++)
                {
                    sum += (double)a[(i * k) + s] * a[(i * k) + t];
                }

                gram[(s * k) + t] = (float)sum;
            }
        }

        return gram;
    }

    /// <summary>One scikit-learn coordinate-descent sweep of one row in double; returns the row's violation.</summary>
    public static double SweepRow(double[] row, ReadOnlySpan<float> gram, ReadOnlySpan<float> cross, double l1, double l2)
    {
        int rank = row.Length;
        double violation = 0;
        for (int t = 0; t < rank; t++)
        {
            double gradient = -(cross[t] - l1);
            for (int s = 0; s < rank; s++)
            {
                gradient += (gram[(t * rank) + s] + (s == t ? l2 : 0)) * row[s];
            }

            double projected = row[t] == 0 ? Math.Min(0, gradient) : gradient;
            violation += Math.Abs(projected);
            double hessian = gram[(t * rank) + t] + l2;
            if (hessian != 0)
            {
                row[t] = Math.Max(row[t] - (gradient / hessian), 0);
            }
        }

        return violation;
    }

    /// <summary><c>C = A B</c> for row-major float inputs, in double.</summary>
    public static double[] Multiply(float[] a, float[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                double value = a[(i * k) + p];
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] += value * b[(p * n) + j];
                }
            }
        }

        return c;
    }

    /// <summary>The transpose of a row-major <c>rows x columns</c> float matrix.</summary>
    public static float[] Transpose(float[] a, int rows, int columns)
    {
        var t = new float[a.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                t[(j * rows) + i] = a[(i * columns) + j];
            }
        }

        return t;
    }

    /// <summary>scikit-learn's generalised Kullback-Leibler divergence of <c>X</c> and <c>P = W H</c>, in double.</summary>
    public static double KullbackLeibler(float[] x, double[] product)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += product[i];
            if (x[i] > Epsilon)
            {
                double wh = product[i] == 0 ? Epsilon : product[i];
                sum += (x[i] * Math.Log(x[i] / wh)) - x[i];
            }
        }

        return sum;
    }

    /// <summary>scikit-learn's Itakura-Saito divergence of <c>X</c> and <c>P = W H</c>, in double.</summary>
    public static double ItakuraSaito(float[] x, double[] product)
    {
        double sum = -x.Length;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > Epsilon)
            {
                double ratio = x[i] / (product[i] == 0 ? Epsilon : product[i]);
                sum += ratio - Math.Log(ratio);
            }
        }

        return sum;
    }

    /// <summary>Max |a - b| relative to max |a| (or absolute when a is all zero).</summary>
    public static double RelativeDifference(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
    {
        double scale = 0;
        double difference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            difference = Math.Max(difference, Math.Abs(expected[i] - actual[i]));
        }

        return scale == 0 ? difference : difference / scale;
    }
}
