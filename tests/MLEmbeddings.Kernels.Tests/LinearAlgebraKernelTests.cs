using static MLEmbeddings.Kernels.Tests.LinearAlgebraOracle;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>The internal building blocks of the dense linear algebra, each against a plain reference.</summary>
public class LinearAlgebraKernelTests
{
    public static TheoryData<VectorWidth> AllWidths => Widths;

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Rotation_chain_matches_rotating_rows_one_at_a_time(VectorWidth width)
    {
        const int rowCount = 9;
        const int stride = 80;
        double[] angles = Gaussian(1, rowCount - 1, 131);
        double[] cosines = angles.Select(Math.Cos).ToArray();
        double[] sines = angles.Select(Math.Sin).ToArray();
        foreach (int columns in new[] { 1, 2, 3, 7, 8, 16, 31, 33, 70 })
        {
            double[] expected = Gaussian(rowCount, stride, 132 + columns);
            double[] actual = (double[])expected.Clone();

            // Rotation k acts on rows i = last - 1 - k and i + 1, for the first `columns` entries of each row.
            int last = rowCount - 1;
            for (int k = 0; k < rowCount - 1; k++)
            {
                int i = last - 1 - k;
                for (int j = 0; j < columns; j++)
                {
                    double x = expected[(i * stride) + j];
                    double y = expected[((i + 1) * stride) + j];
                    expected[(i * stride) + j] = (cosines[k] * x) - (sines[k] * y);
                    expected[((i + 1) * stride) + j] = (sines[k] * x) + (cosines[k] * y);
                }
            }

            using (KernelDispatch.Force(width))
            {
                RotationChain.Apply(ref actual[last * stride], stride, columns, cosines, sines);
            }

            for (int t = 0; t < actual.Length; t++)
            {
                Assert.True(Math.Abs(expected[t] - actual[t]) <= 1e-14, $"{columns} columns, entry {t}: {actual[t]} vs {expected[t]}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 40)]
    [InlineData(12, 7000)]
    public void Householder_qr_gives_orthonormal_rows_spanning_the_input(int count, int length)
    {
        double[] input = Gaussian(count, length, 141 + count);
        double[] work = (double[])input.Clone();
        var q = new double[input.Length];
        HouseholderQr.OrthonormalizeRows(work, count, length, q, maxDegreeOfParallelism: 1);
        AssertOrthonormalRows(q, count, length);

        // Triangular structure: input row j has no component along q_k for k > j, and its full norm within q_0..q_j.
        for (int j = 0; j < count; j++)
        {
            ReadOnlySpan<double> row = input.AsSpan(j * length, length);
            double inSpan = 0;
            for (int k = 0; k < count; k++)
            {
                double component = Dot(row, q.AsSpan(k * length, length));
                if (k > j)
                {
                    Assert.True(Math.Abs(component) <= 1e-12 * Norm(row), $"row {j} along q_{k}: {component}");
                }

                inSpan += component * component;
            }

            Assert.Equal(Norm(row), Math.Sqrt(inSpan), 1e-12 * Norm(row));
        }

        double[] parallel = new double[input.Length];
        HouseholderQr.OrthonormalizeRows((double[])input.Clone(), count, length, parallel, maxDegreeOfParallelism: -1);
        Assert.Equal(q, parallel);
    }

    [Fact]
    public void Householder_qr_of_dependent_and_zero_rows_is_still_orthonormal()
    {
        const int length = 10;
        double[] input = Gaussian(4, length, 151);
        input.AsSpan(0, length).CopyTo(input.AsSpan(2 * length, length));
        input.AsSpan(3 * length, length).Clear();
        var q = new double[input.Length];
        HouseholderQr.OrthonormalizeRows((double[])input.Clone(), 4, length, q, 1);
        AssertOrthonormalRows(q, 4, length);
    }

    [Fact]
    public void Completion_orthonormalizes_and_replaces_zero_or_dependent_rows()
    {
        const int length = 6;
        double[] rows = Gaussian(4, length, 161);
        rows.AsSpan(length, length).Clear();
        rows.AsSpan(0, length).CopyTo(rows.AsSpan(2 * length, length));
        double[] firstRow = rows.AsSpan(0, length).ToArray();
        Orthonormalization.CompleteRows(rows, 4, length);
        AssertOrthonormalRows(rows, 4, length);

        // The first row only gets normalized.
        double norm = Norm(firstRow);
        for (int t = 0; t < length; t++)
        {
            Assert.Equal(firstRow[t] / norm, rows[t], 1e-15);
        }
    }

    [Fact]
    public void Sign_convention_prefers_the_first_of_tied_largest_components()
    {
        double[] tied = { 0.1, -0.7, 0.7 * (1 + 1e-9), 0.05 };
        Assert.True(SignConvention.Apply(tied));
        Assert.True(tied[1] > 0);

        double[] clear = { 0.1, 0.2, -0.9 };
        Assert.True(SignConvention.Apply(clear));
        Assert.Equal(new[] { -0.1, -0.2, 0.9 }, clear);
        Assert.False(SignConvention.Apply(clear));
        Assert.False(SignConvention.Apply(new double[3]));
    }

    private static void AssertOrthonormalRows(double[] rows, int count, int length)
    {
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double product = Dot(rows.AsSpan(i * length, length), rows.AsSpan(j * length, length));
                Assert.True(Math.Abs(product - (i == j ? 1 : 0)) <= 1e-13, $"q_{i} . q_{j} = {product}");
            }
        }
    }
}
