using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class QuantizationTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    [Fact]
    public void Scalar_round_trip_error_is_at_most_half_a_step_inside_the_range()
    {
        ReadOnlyMatrixView rows = ScalarReference.RandomMatrix(1, 200, 37, 3f);
        var minimums = new float[37];
        var maximums = new float[37];
        ScalarQuantization.TrainRanges(rows, minimums, maximums);
        var steps = new float[37];
        ScalarQuantization.Steps(minimums, maximums, steps);
        var codes = new sbyte[200 * 37];
        ScalarQuantization.Encode(rows, minimums, steps, codes);
        var decoded = new float[200 * 37];
        ScalarQuantization.Decode(codes, minimums, steps, new MatrixView(decoded, 200, 37));
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j < 37; j++)
            {
                double x = rows[i, j];
                Assert.InRange(x, minimums[j], maximums[j]);
                double step = ((double)maximums[j] - minimums[j]) / 255;
                Assert.True(Math.Abs(decoded[(i * 37) + j] - x) <= (step / 2) + 1e-6, $"row {i} dim {j}: {x} came back as {decoded[(i * 37) + j]} (step {step})");

                // The code is the nearest level, computed independently in double.
                double level = Math.Clamp(Math.Round((x - minimums[j]) / step), 0, 255);
                Assert.True(Math.Abs(level - 128 - codes[(i * 37) + j]) <= 1, $"row {i} dim {j}: code {codes[(i * 37) + j]}, level {level}");
            }
        }

        Assert.Contains(codes, c => c == -128);
        Assert.Contains(codes, c => c == 127);
    }

    [Fact]
    public void Scalar_values_outside_the_range_are_clamped_and_a_constant_dimension_decodes_to_its_value()
    {
        float[] minimums = [0f, 2f];
        float[] maximums = [1f, 2f];
        var steps = new float[2];
        ScalarQuantization.Steps(minimums, maximums, steps);
        Assert.Equal(new[] { 1f / 255, 0f }, steps);
        var codes = new sbyte[6];
        ScalarQuantization.Encode(new ReadOnlyMatrixView(new float[] { -5f, 2f, 9f, 7f, 0.6f, 2f }, 3, 2), minimums, steps, codes);
        Assert.Equal(new sbyte[] { -128, -128, 127, -128, 25, -128 }, codes);
        var decoded = new float[6];
        ScalarQuantization.Decode(codes, minimums, steps, new MatrixView(decoded, 3, 2));
        Assert.Equal(new[] { 0f, 2f, 1f, 2f, 153f / 255, 2f }, decoded.Select(v => MathF.Round(v, 6)).ToArray());
    }

    [Fact]
    public void Scalar_quantization_rejects_bad_ranges_and_lengths()
    {
        var steps = new float[1];
        Assert.Contains("[3, 1]", Assert.Throws<ArgumentException>(() => ScalarQuantization.Steps([3f], [1f], steps)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ScalarQuantization.TrainRanges(new ReadOnlyMatrixView(new float[4], 0, 4), new float[4], new float[4]));
        Assert.Contains("expected 8", Assert.Throws<ArgumentException>(() => ScalarQuantization.Encode(new ReadOnlyMatrixView(new float[8], 2, 4), new float[4], new float[4], new sbyte[7])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Binary_codes_match_the_bit_by_bit_reference_for_every_width(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach (int dimension in new[] { 1, 7, 8, 9, 16, 17, 31, 33, 64, 100 })
        {
            ReadOnlyMatrixView rows = ScalarReference.RandomMatrix(dimension, 11, dimension);
            float[] thresholds = ScalarReference.RandomValues(dimension + 100, dimension, 0.3f);
            int length = BinaryQuantization.CodeLength(dimension);
            Assert.Equal((dimension + 7) / 8, length);
            foreach (bool zero in new[] { true, false })
            {
                var codes = new byte[11 * length];
                BinaryQuantization.Encode(rows, zero ? [] : thresholds, codes);
                for (int i = 0; i < 11; i++)
                {
                    for (int j = 0; j < length * 8; j++)
                    {
                        bool expected = j < dimension && rows[i, j] > (zero ? 0f : thresholds[j]);
                        bool actual = ((codes[(i * length) + (j / 8)] >> (j % 8)) & 1) == 1;
                        Assert.True(expected == actual, $"d = {dimension}, row {i}, bit {j}: expected {expected}");
                    }
                }

                var decoded = new float[11 * dimension];
                BinaryQuantization.Decode(codes, new MatrixView(decoded, 11, dimension));
                for (int i = 0; i < 11; i++)
                {
                    for (int j = 0; j < dimension; j++)
                    {
                        double centred = rows[i, j] - (zero ? 0f : thresholds[j]);
                        Assert.True(centred * decoded[(i * dimension) + j] >= 0, $"d = {dimension}, row {i}, dim {j}: sign lost");
                        Assert.Equal(1f, Math.Abs(decoded[(i * dimension) + j]));
                    }
                }
            }
        }
    }

    [Fact]
    public void Binary_mean_thresholds_are_the_column_means()
    {
        var rows = new ReadOnlyMatrixView(new float[] { 1, 10, 3, -10, 8, 0 }, 3, 2);
        var thresholds = new float[2];
        BinaryQuantization.TrainMeans(rows, thresholds);
        Assert.Equal(new[] { 4f, 0f }, thresholds);
        Assert.Throws<ArgumentException>(() => BinaryQuantization.Encode(rows, new float[3], new byte[2]));
    }
}
