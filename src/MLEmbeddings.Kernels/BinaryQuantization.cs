using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// 1-bit (binary) quantization: dimension <c>j</c> of a vector becomes one bit, set when <c>x_j &gt; threshold_j</c>
/// (threshold 0 gives the sign bits of sentence-transformers' <c>ubinary</c> precision and Cohere's binary
/// embeddings). Bits are packed eight per byte, dimension <c>j</c> in bit <c>j % 8</c> (least significant first) of
/// byte <c>j / 8</c>, as faiss's binary indexes store them (numpy's <c>packbits(bitorder='little')</c>); the unused
/// high bits of the last byte are 0. A code is <see cref="CodeLength"/> bytes; Hamming distance between codes
/// approximates the angle between the vectors.
/// </summary>
public static class BinaryQuantization
{
    /// <summary>Bytes per code: <c>ceil(dimension / 8)</c>.</summary>
    /// <param name="dimension">Values per vector, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is negative.</exception>
    public static int CodeLength(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        return (int)(((long)dimension + 7) / 8);
    }

    /// <summary>Learns per-dimension thresholds: the mean of every column of <paramref name="rows"/>, summed in double precision.</summary>
    /// <param name="rows">Training rows, at least one.</param>
    /// <param name="thresholds">Receives one mean per column (<c>rows.Columns</c> long).</param>
    /// <exception cref="ArgumentException"><paramref name="thresholds"/> has the wrong length or <paramref name="rows"/> is empty.</exception>
    public static void TrainMeans(ReadOnlyMatrixView rows, Span<float> thresholds)
    {
        SpanLengthCheck.Require(nameof(thresholds), thresholds.Length, rows.Columns, "rows.Columns");
        if (rows.Rows == 0)
        {
            throw new ArgumentException("At least one row is needed to learn thresholds; got 0 rows.", nameof(rows));
        }

        var sums = new double[rows.Columns];
        ColumnMeans.Accumulate(rows, sums);
        for (int j = 0; j < sums.Length; j++)
        {
            thresholds[j] = (float)(sums[j] / rows.Rows);
        }
    }

    /// <summary>Encodes every row into <see cref="CodeLength"/> bytes: bit set when <c>rows[i, j] &gt; thresholds[j]</c>.</summary>
    /// <param name="rows">The rows to encode, <c>d</c> columns.</param>
    /// <param name="thresholds">Empty for threshold 0 in every dimension, or one threshold per dimension (<c>d</c> long).</param>
    /// <param name="codes">Receives <c>rows.Rows * CodeLength(d)</c> bytes.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static void Encode(ReadOnlyMatrixView rows, ReadOnlySpan<float> thresholds, Span<byte> codes)
    {
        int dimension = rows.Columns;
        int length = CodeLength(dimension);
        if (!thresholds.IsEmpty)
        {
            SpanLengthCheck.Require(nameof(thresholds), thresholds.Length, dimension, "rows.Columns, or empty");
        }

        SpanLengthCheck.Require(nameof(codes), codes.Length, (long)rows.Rows * length, "rows.Rows * CodeLength(rows.Columns)");
        float[] zeros = thresholds.IsEmpty ? new float[dimension] : [];
        ReadOnlySpan<float> limits = thresholds.IsEmpty ? zeros : thresholds;
        VectorWidth width = KernelDispatch.Width;
        for (int i = 0; i < rows.Rows; i++)
        {
            EncodeRow(width, rows.Row(i), limits, codes.Slice(i * length, length));
        }
    }

    /// <summary>Decodes codes to <c>+1</c> (bit set) and <c>-1</c> (bit clear) per dimension: the sign vector the code stands for.</summary>
    /// <param name="codes"><c>destination.Rows * CodeLength(d)</c> bytes.</param>
    /// <param name="destination">Receives the decoded rows, <c>d</c> columns.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static void Decode(ReadOnlySpan<byte> codes, MatrixView destination)
    {
        int dimension = destination.Columns;
        int length = CodeLength(dimension);
        SpanLengthCheck.Require(nameof(codes), codes.Length, (long)destination.Rows * length, "destination.Rows * CodeLength(destination.Columns)");
        for (int i = 0; i < destination.Rows; i++)
        {
            Span<float> row = destination.Row(i);
            ReadOnlySpan<byte> code = codes.Slice(i * length, length);
            for (int j = 0; j < dimension; j++)
            {
                row[j] = ((code[j >> 3] >> (j & 7)) & 1) != 0 ? 1f : -1f;
            }
        }
    }

    private static void EncodeRow(VectorWidth width, ReadOnlySpan<float> row, ReadOnlySpan<float> thresholds, Span<byte> code)
    {
        int j = 0;
        if (width >= VectorWidth.Vector512)
        {
            for (; j <= row.Length - 16; j += 16)
            {
                ulong bits = Vector512.GreaterThan(Vector512.Create(row.Slice(j, 16)), Vector512.Create(thresholds.Slice(j, 16))).ExtractMostSignificantBits();
                code[j >> 3] = (byte)bits;
                code[(j >> 3) + 1] = (byte)(bits >> 8);
            }
        }

        if (width >= VectorWidth.Vector256)
        {
            for (; j <= row.Length - 8; j += 8)
            {
                code[j >> 3] = (byte)Vector256.GreaterThan(Vector256.Create(row.Slice(j, 8)), Vector256.Create(thresholds.Slice(j, 8))).ExtractMostSignificantBits();
            }
        }

        if (width >= VectorWidth.Vector128)
        {
            for (; j <= row.Length - 8; j += 8)
            {
                uint low = Vector128.GreaterThan(Vector128.Create(row.Slice(j, 4)), Vector128.Create(thresholds.Slice(j, 4))).ExtractMostSignificantBits();
                uint high = Vector128.GreaterThan(Vector128.Create(row.Slice(j + 4, 4)), Vector128.Create(thresholds.Slice(j + 4, 4))).ExtractMostSignificantBits();
                code[j >> 3] = (byte)(low | (high << 4));
            }
        }

        // The scalar path, and the last partial byte of every path.
        for (; j < row.Length; j += 8)
        {
            int end = Math.Min(j + 8, row.Length);
            int bits = 0;
            for (int t = j; t < end; t++)
            {
                bits |= row[t] > thresholds[t] ? 1 << (t - j) : 0;
            }

            code[j >> 3] = (byte)bits;
        }
    }
}
