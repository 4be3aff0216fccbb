using System.Numerics;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class CodeDistanceTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    private static byte[] RandomCodes(int seed, int count)
    {
        var random = new Random(seed);
        var codes = new byte[count];
        random.NextBytes(codes);
        return codes;
    }

    private static ulong[] RandomWords(int seed, int count)
    {
        var random = new Random(seed);
        var words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        return words;
    }

    // Independent oracle: the double-precision sum of w[i] * c[i].
    private static double ReferenceDot(ReadOnlySpan<float> weights, ReadOnlySpan<byte> codes)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += (double)weights[i] * codes[i];
        }

        return sum;
    }

    // Independent oracle: bit-by-bit comparison.
    private static int ReferenceHamming(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        int differing = 0;
        for (int word = 0; word < x.Length; word++)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                differing += ((x[word] >> bit) & 1UL) != ((y[word] >> bit) & 1UL) ? 1 : 0;
            }
        }

        return differing;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Byte_code_dot_matches_the_double_reference_for_every_length_up_to_200(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        for (int length = 0; length <= 200; length++)
        {
            float[] weights = ScalarReference.RandomValues(length, length, 2f);
            byte[] codes = RandomCodes(500 + length, length);
            double magnitude = 0;
            for (int i = 0; i < length; i++)
            {
                magnitude += Math.Abs((double)weights[i] * codes[i]);
            }

            Assert.Equal(ReferenceDot(weights, codes), ByteCodeDot.Dot(weights, codes), (1.5e-7 * (length + 2) * magnitude) + 1e-30);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Byte_code_dot_of_extreme_codes_is_exact_for_small_integers(VectorWidth width)
    {
        // Codes 0 and 255 and integer weights: every product and partial sum is an exactly representable integer.
        using IDisposable forced = KernelDispatch.Force(width);
        float[] weights = Enumerable.Range(0, 77).Select(i => (float)((i % 7) - 3)).ToArray();
        byte[] codes = Enumerable.Range(0, 77).Select(i => i % 3 == 0 ? (byte)255 : (byte)(i % 2)).ToArray();
        Assert.Equal(ReferenceDot(weights, codes), ByteCodeDot.Dot(weights, codes));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Byte_code_dot_against_a_block_matches_row_by_row(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach (int length in new[] { 1, 5, 16, 37, 64 })
        {
            int stride = length + 11;
            float[] weights = ScalarReference.RandomValues(length, length);
            byte[] codes = RandomCodes(length, (6 * stride) - 11);
            var result = new float[6];
            ByteCodeDot.Dot(weights, codes, stride, result);
            for (int r = 0; r < 6; r++)
            {
                ReadOnlySpan<byte> code = codes.AsSpan(r * stride, length);
                Assert.Equal(ReferenceDot(weights, code), result[r], 1e-4 * (1 + Math.Abs(ReferenceDot(weights, code))));
            }
        }
    }

    [Fact]
    public void Byte_code_dot_rejects_mismatched_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => ByteCodeDot.Dot(new float[4], new byte[5]));
        Assert.Equal("codes", error.ParamName);
        Assert.Contains("expected 4", error.Message, StringComparison.Ordinal);
        var strideError = Assert.Throws<ArgumentException>(() => ByteCodeDot.Dot(new float[4], new byte[8], 3, new float[2]));
        Assert.Equal("codeStride", strideError.ParamName);
        var shortError = Assert.Throws<ArgumentException>(() => ByteCodeDot.Dot(new float[4], new byte[8], 5, new float[2]));
        Assert.Contains("expected at least 9", shortError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Hamming_distance_matches_the_bitwise_reference_for_every_length_up_to_40_words(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        for (int words = 0; words <= 40; words++)
        {
            ulong[] x = RandomWords(words, words);
            ulong[] y = RandomWords(1000 + words, words);
            Assert.Equal(ReferenceHamming(x, y), HammingDistance.Distance(x, y));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Hamming_distance_of_complementary_codes_is_every_bit(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        ulong[] x = RandomWords(3, 13);
        ulong[] complement = x.Select(w => ~w).ToArray();
        Assert.Equal(13 * 64, HammingDistance.Distance(x, complement));
        Assert.Equal(0, HammingDistance.Distance(x, x));
        ulong[] all = Enumerable.Repeat(ulong.MaxValue, 9).ToArray();
        Assert.Equal(9 * 64, HammingDistance.Distance(all, new ulong[9]));
        Assert.Equal(BitOperations.PopCount(x[0]), HammingDistance.Distance(x.AsSpan(0, 1), new ulong[1]));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Hamming_distances_against_a_block_match_pair_by_pair(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        ulong[] query = RandomWords(5, 3);
        ulong[] codes = RandomWords(6, 3 * 7);
        var result = new int[7];
        HammingDistance.Distances(query, codes, result);
        for (int r = 0; r < 7; r++)
        {
            Assert.Equal(ReferenceHamming(query, codes.AsSpan(r * 3, 3)), result[r]);
        }

        var error = Assert.Throws<ArgumentException>(() => HammingDistance.Distances(query, new ulong[20], result));
        Assert.Equal("codes", error.ParamName);
    }
}
