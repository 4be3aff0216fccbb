using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class VectorOperationsTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    // Bound of a float sum of n terms, with margin: n * epsilon * sum of |terms|.
    private static double Tolerance(int length, double magnitude) => (1.5e-7 * (length + 2) * magnitude) + 1e-30;

    [Theory]
    [MemberData(nameof(Widths))]
    public void Pair_operations_match_the_double_reference_for_every_length_up_to_257(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        for (int length = 0; length <= 257; length++)
        {
            float[] x = ScalarReference.RandomValues(length, length, 3f);
            float[] y = ScalarReference.RandomValues(1000 + length, length, 2f);
            double dotMagnitude = ScalarReference.AbsoluteDot(x, y);
            Assert.Equal(ScalarReference.Dot(x, y), VectorOperations.Dot(x, y), Tolerance(length, dotMagnitude));
            double squared = ScalarReference.SquaredDistance(x, y);
            Assert.Equal(squared, VectorOperations.SquaredEuclideanDistance(x, y), Tolerance(length, squared));
            double norm = Math.Sqrt(ScalarReference.Dot(x, x));
            Assert.Equal(norm, VectorOperations.L2Norm(x), Tolerance(length, norm));
            Assert.Equal(norm * norm, VectorOperations.SquaredL2Norm(x), Tolerance(length, norm * norm));
            double cosineMagnitude = length == 0 ? 0 : dotMagnitude / Math.Sqrt(ScalarReference.Dot(x, x) * ScalarReference.Dot(y, y));
            Assert.Equal(ScalarReference.Cosine(x, y), VectorOperations.CosineSimilarity(x, y), Tolerance(length, cosineMagnitude) + 1e-7);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Masked_tail_ignores_non_finite_values_already_summed(VectorWidth width)
    {
        // Length 21: the last partial vector is re-read from an overlapping load (lanes 13-15 for 8 lanes, 5-15 for 16,
        // 17-19 for 4). Infinities at 14 and 18 sit in those overlaps; they must be masked out, not multiplied by
        // zero (infinity * 0 = NaN), so the sums stay +infinity.
        using IDisposable forced = KernelDispatch.Force(width);
        float[] x = Enumerable.Range(0, 21).Select(i => (float)i).ToArray();
        float[] y = Enumerable.Repeat(1f, 21).ToArray();
        Assert.Equal(210f, VectorOperations.Dot(x, y));
        x[14] = float.PositiveInfinity;
        x[18] = float.PositiveInfinity;
        Assert.Equal(float.PositiveInfinity, VectorOperations.Dot(x, y));
        Assert.Equal(float.PositiveInfinity, VectorOperations.SquaredEuclideanDistance(x, y));
        var block = new ReadOnlyMatrixView(Enumerable.Repeat(x, 5).SelectMany(v => v).ToArray(), 5, 21);
        var result = new float[5];
        VectorOperations.Dot(y, block, result);
        Assert.All(result, value => Assert.Equal(float.PositiveInfinity, value));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Cosine_of_a_zero_vector_is_zero(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        float[] zero = new float[37];
        float[] other = ScalarReference.RandomValues(5, 37);
        Assert.Equal(0f, VectorOperations.CosineSimilarity(zero, other));
        Assert.Equal(0f, VectorOperations.CosineSimilarity(other, zero));
        Assert.Equal(0f, VectorOperations.CosineSimilarity(zero, zero));
        Assert.Equal(1f, VectorOperations.CosineSimilarity(other, other), 1e-6);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Normalize_scales_to_unit_length_and_leaves_zero_rows_zero(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        float[] vector = ScalarReference.RandomValues(9, 50, 4f);
        float[] original = (float[])vector.Clone();
        VectorOperations.Normalize(vector);
        double norm = Math.Sqrt(ScalarReference.Dot(original, original));
        for (int i = 0; i < vector.Length; i++)
        {
            Assert.Equal(original[i] / norm, vector[i], 1e-6);
        }

        // 3 rows of 5 values with a row stride of 7; row 1 is zero; the gap values must not change.
        float[] data = ScalarReference.RandomValues(10, 21);
        Array.Clear(data, 7, 5);
        float[] before = (float[])data.Clone();
        VectorOperations.NormalizeRows(new MatrixView(data, 3, 5, 7));
        for (int row = 0; row < 3; row++)
        {
            ReadOnlySpan<float> original5 = before.AsSpan(row * 7, 5);
            double rowNorm = Math.Sqrt(ScalarReference.Dot(original5, original5));
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(rowNorm == 0 ? 0 : original5[i] / rowNorm, data[(row * 7) + i], 1e-6);
            }

            if (row < 2)
            {
                Assert.Equal(before[(row * 7) + 5], data[(row * 7) + 5]);
                Assert.Equal(before[(row * 7) + 6], data[(row * 7) + 6]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void One_vector_against_a_block_matches_the_reference(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach (int columns in new[] { 0, 1, 3, 4, 8, 15, 16, 17, 33, 100, 129 })
        {
            foreach (int rows in new[] { 0, 1, 3, 4, 5, 9 })
            {
                int stride = columns + 3;
                float[] data = ScalarReference.RandomValues((rows * 1000) + columns, rows * stride, 2f);
                var block = new ReadOnlyMatrixView(data, rows, columns, stride);
                float[] vector = ScalarReference.RandomValues(columns, columns, 1.5f);
                var dots = new float[rows];
                var squared = new float[rows];
                var cosines = new float[rows];
                var norms = new float[rows];
                var squaredNorms = new float[rows];
                VectorOperations.Dot(vector, block, dots);
                VectorOperations.SquaredEuclideanDistance(vector, block, squared);
                VectorOperations.CosineSimilarity(vector, block, cosines);
                VectorOperations.L2Norms(block, norms);
                VectorOperations.SquaredL2Norms(block, squaredNorms);
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = block.Row(r);
                    Assert.Equal(ScalarReference.Dot(vector, row), dots[r], Tolerance(columns, ScalarReference.AbsoluteDot(vector, row)));
                    double distance = ScalarReference.SquaredDistance(vector, row);
                    Assert.Equal(distance, squared[r], Tolerance(columns, distance));
                    Assert.Equal(ScalarReference.Cosine(vector, row), cosines[r], Tolerance(columns, 1) + 1e-7);
                    double squaredNorm = ScalarReference.Dot(row, row);
                    Assert.Equal(squaredNorm, squaredNorms[r], Tolerance(columns, squaredNorm));
                    Assert.Equal(Math.Sqrt(squaredNorm), norms[r], Tolerance(columns, Math.Sqrt(squaredNorm)));
                }
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_with_the_parameter_and_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => VectorOperations.Dot(new float[3], new float[4]));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("length 4; expected 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => VectorOperations.SquaredEuclideanDistance(new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => VectorOperations.CosineSimilarity(new float[1], new float[2]));

        var block = new ReadOnlyMatrixView(new float[12], 3, 4);
        error = Assert.Throws<ArgumentException>(() => VectorOperations.Dot(new float[5], block, new float[3]));
        Assert.Equal("vector", error.ParamName);
        Assert.Contains("length 5; expected 4 (rows.Columns)", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => VectorOperations.SquaredEuclideanDistance(new float[4], block, new float[2]));
        Assert.Equal("result", error.ParamName);
        Assert.Contains("length 2; expected 3 (rows.Rows)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => VectorOperations.CosineSimilarity(new float[4], block, new float[4]));
        Assert.Throws<ArgumentException>(() => VectorOperations.L2Norms(block, new float[2]));
    }
}
