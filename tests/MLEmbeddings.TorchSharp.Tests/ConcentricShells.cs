using System.Globalization;
using MLEmbeddings.TestSupport;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// A data set whose classes are not linearly separable: class <c>c</c> lies on the sphere of radius <c>1 + 0.5 c</c>
/// (radial noise 0.05) in a 6-dimensional subspace, spread by a fixed random orthogonal map into 24 dimensions, followed
/// by 8 noise dimensions of standard deviation 0.5: 32 dimensions. The label is a function of the radius alone, which no
/// linear map can compute, and the shells are sparse in 6 dimensions, so a row's raw nearest neighbour is often on the
/// next shell.
/// </summary>
internal static class ConcentricShells
{
    public const int Dimension = 32;
    private const int SignalDimension = 6;
    private const int EmbeddedDimension = 24;
    private static readonly double[,] Embedding = OrthonormalColumns(EmbeddedDimension, SignalDimension, new Random(2024));

    /// <summary><paramref name="count"/> rows cycling through <paramref name="classes"/> (labels "shell0", "shell1", ...).</summary>
    public static (float[][] Rows, string[] Labels) Create(int count, IReadOnlyList<int> classes, int seed)
    {
        var random = new Random(seed);
        var rows = new float[count][];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            int c = classes[i % classes.Count];
            labels[i] = "shell" + c.ToString(CultureInfo.InvariantCulture);
            var direction = new double[SignalDimension];
            for (int j = 0; j < SignalDimension; j++)
            {
                direction[j] = NearestNeighborOracle.Gaussian(random);
            }

            double norm = Math.Sqrt(direction.Sum(v => v * v));
            double radius = 1 + (0.5 * c) + (0.05 * NearestNeighborOracle.Gaussian(random));
            rows[i] = new float[Dimension];
            for (int k = 0; k < EmbeddedDimension; k++)
            {
                double value = 0;
                for (int j = 0; j < SignalDimension; j++)
                {
                    value += Embedding[k, j] * direction[j] * radius / norm;
                }

                rows[i][k] = (float)value;
            }

            for (int k = EmbeddedDimension; k < Dimension; k++)
            {
                rows[i][k] = (float)(0.5 * NearestNeighborOracle.Gaussian(random));
            }
        }

        return (rows, labels);
    }

    /// <summary>A <c>rows x columns</c> matrix with orthonormal columns (Gram-Schmidt on Gaussian columns).</summary>
    private static double[,] OrthonormalColumns(int rows, int columns, Random random)
    {
        var q = new double[rows, columns];
        for (int j = 0; j < columns; j++)
        {
            var v = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                v[i] = NearestNeighborOracle.Gaussian(random);
            }

            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < rows; i++)
                {
                    dot += q[i, p] * v[i];
                }

                for (int i = 0; i < rows; i++)
                {
                    v[i] -= dot * q[i, p];
                }
            }

            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < rows; i++)
            {
                q[i, j] = v[i] / norm;
            }
        }

        return q;
    }
}
