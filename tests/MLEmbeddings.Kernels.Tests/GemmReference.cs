using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>An independent oracle for GEMM: a plain triple loop in double precision, and random operands.</summary>
internal static class GemmReference
{
    /// <summary>
    /// Checks every element of <paramref name="actual"/> against <c>alpha * op(A) * op(B) + beta * C0</c> computed in
    /// double, within a tolerance relative to <c>|alpha| * sum_p |a_ip| |b_pj| + |beta * C0_ij|</c> (the float rounding bound).
    /// </summary>
    public static void AssertProduct(
        ReadOnlyMatrixView a, bool transposeA, ReadOnlyMatrixView b, bool transposeB, float[,] original, ReadOnlyMatrixView actual, float alpha, float beta)
    {
        int m = actual.Rows;
        int n = actual.Columns;
        int k = transposeA ? a.Rows : a.Columns;
        double[] left = Operand(a, transposeA, m, k);
        double[] right = Operand(b, !transposeB, n, k);
        double tolerance = (k + 4) * 2.5e-7;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<double> leftRow = left.AsSpan(i * k, k);
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<double> rightRow = right.AsSpan(j * k, k);
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double product = leftRow[p] * rightRow[p];
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                double old = beta == 0f ? 0 : beta * (double)original[i, j];
                double expected = (alpha * sum) + old;
                double bound = (tolerance * ((Math.Abs(alpha) * magnitude) + Math.Abs(old))) + 1e-30;
                double got = actual[i, j];
                if (!(Math.Abs(got - expected) <= bound))
                {
                    Assert.Fail($"C[{i}, {j}] = {got}, expected {expected} +- {bound} (m={m}, n={n}, k={k}, transposeA={transposeA}, transposeB={transposeB}).");
                }
            }
        }
    }

    /// <summary>The operand as <paramref name="rows"/> x <paramref name="depth"/> doubles, row-major; <paramref name="transpose"/> reads the stored view by columns.</summary>
    private static double[] Operand(ReadOnlyMatrixView view, bool transpose, int rows, int depth)
    {
        var values = new double[rows * depth];
        for (int r = 0; r < view.Rows; r++)
        {
            ReadOnlySpan<float> row = view.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                values[transpose ? (c * depth) + r : (r * depth) + c] = row[c];
            }
        }

        return values;
    }

    /// <summary>A <paramref name="rows"/> x <paramref name="columns"/> view with values in [-1, 1) and the given row stride (gaps hold NaN).</summary>
    public static MatrixView Random(Random random, int rows, int columns, int rowStride = -1)
    {
        int stride = rowStride < 0 ? columns : rowStride;
        int length = rows == 0 ? 0 : ((rows - 1) * stride) + columns;
        var data = new float[length];
        Array.Fill(data, float.NaN);
        var view = new MatrixView(data, rows, columns, stride);
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = view.Row(i);
            for (int j = 0; j < columns; j++)
            {
                row[j] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return view;
    }

    /// <summary>A copy of the viewed values.</summary>
    public static float[,] Copy(ReadOnlyMatrixView view)
    {
        var copy = new float[view.Rows, view.Columns];
        for (int i = 0; i < view.Rows; i++)
        {
            for (int j = 0; j < view.Columns; j++)
            {
                copy[i, j] = view[i, j];
            }
        }

        return copy;
    }
}
