using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Int8 scalar quantization with per-dimension ranges (faiss <c>ScalarQuantizer</c> <c>QT_8bit</c>, the
/// <c>int8</c> precision of sentence-transformers' <c>quantize_embeddings</c>): dimension <c>j</c> maps
/// <c>[minimum_j, maximum_j]</c> onto the 256 codes <c>-128 .. 127</c> with step
/// <c>step_j = (maximum_j - minimum_j) / 255</c>:
/// <c>code = clamp(round((x - minimum_j) / step_j), 0, 255) - 128</c> (ties to even), and
/// <c>decode(code) = minimum_j + (code + 128) * step_j</c>.
/// </summary>
/// <remarks>
/// A value inside its range comes back within <c>step_j / 2</c> (plus float rounding); values outside are clamped to
/// the range first. A dimension whose range is a single value (<c>step_j = 0</c>) encodes every value as -128 and
/// decodes it as <c>minimum_j</c>.
/// </remarks>
public static class ScalarQuantization
{
    /// <summary>Number of code levels, 256.</summary>
    public const int Levels = 256;

    private const float Offset = 128f;

    /// <summary>Learns the per-dimension ranges: the smallest and largest value of every column of <paramref name="rows"/>.</summary>
    /// <param name="rows">Training rows, at least one; every value finite.</param>
    /// <param name="minimums">Receives one minimum per column (<c>rows.Columns</c> long).</param>
    /// <param name="maximums">Receives one maximum per column (<c>rows.Columns</c> long).</param>
    /// <exception cref="ArgumentException">A span length does not match, <paramref name="rows"/> is empty, or a value is not finite.</exception>
    public static void TrainRanges(ReadOnlyMatrixView rows, Span<float> minimums, Span<float> maximums)
    {
        SpanLengthCheck.Require(nameof(minimums), minimums.Length, rows.Columns, "rows.Columns");
        SpanLengthCheck.Require(nameof(maximums), maximums.Length, rows.Columns, "rows.Columns");
        if (rows.Rows == 0)
        {
            throw new ArgumentException("At least one row is needed to learn quantization ranges; got 0 rows.", nameof(rows));
        }

        rows.Row(0).CopyTo(minimums);
        rows.Row(0).CopyTo(maximums);
        for (int i = 1; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            TensorPrimitives.Min(minimums, row, minimums);
            TensorPrimitives.Max(maximums, row, maximums);
        }

        if (!TensorPrimitives.IsFiniteAll<float>(minimums) || !TensorPrimitives.IsFiniteAll<float>(maximums))
        {
            throw new ArgumentException("The training rows contain NaN or infinite values; quantization ranges must be finite.", nameof(rows));
        }
    }

    /// <summary>The step of every dimension, <c>(maximum - minimum) / 255</c>, computed in double precision.</summary>
    /// <param name="minimums">Per-dimension minimums.</param>
    /// <param name="maximums">Per-dimension maximums, each at least the minimum.</param>
    /// <param name="steps">Receives one step per dimension.</param>
    /// <exception cref="ArgumentException">The lengths differ, or a range is not finite or has its maximum below its minimum.</exception>
    public static void Steps(ReadOnlySpan<float> minimums, ReadOnlySpan<float> maximums, Span<float> steps)
    {
        MatrixShape.RequireSameLength(nameof(maximums), maximums.Length, minimums.Length);
        MatrixShape.RequireSameLength(nameof(steps), steps.Length, minimums.Length);
        for (int j = 0; j < minimums.Length; j++)
        {
            if (!float.IsFinite(minimums[j]) || !float.IsFinite(maximums[j]) || maximums[j] < minimums[j])
            {
                throw new ArgumentException($"Dimension {j}: the range [{minimums[j]}, {maximums[j]}] is not a finite interval with minimum <= maximum.", nameof(maximums));
            }

            steps[j] = (float)(((double)maximums[j] - minimums[j]) / (Levels - 1));
        }
    }

    /// <summary>Encodes every row: <c>codes[i * d + j]</c> is the code of <c>rows[i, j]</c> (see the class remarks).</summary>
    /// <param name="rows">The rows to encode, <c>d</c> columns.</param>
    /// <param name="minimums">Per-dimension minimums (<c>d</c> long).</param>
    /// <param name="steps">Per-dimension steps from <see cref="Steps"/> (<c>d</c> long).</param>
    /// <param name="codes">Receives <c>rows.Rows * d</c> codes.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static void Encode(ReadOnlyMatrixView rows, ReadOnlySpan<float> minimums, ReadOnlySpan<float> steps, Span<sbyte> codes)
    {
        int dimension = rows.Columns;
        SpanLengthCheck.Require(nameof(minimums), minimums.Length, dimension, "rows.Columns");
        SpanLengthCheck.Require(nameof(steps), steps.Length, dimension, "rows.Columns");
        SpanLengthCheck.Require(nameof(codes), codes.Length, (long)rows.Rows * dimension, "rows.Rows * rows.Columns");
        float[] scratch = new float[2 * dimension];
        Span<float> inverseSteps = scratch.AsSpan(0, dimension);
        Span<float> scaled = scratch.AsSpan(dimension, dimension);
        for (int j = 0; j < dimension; j++)
        {
            inverseSteps[j] = steps[j] > 0f ? 1f / steps[j] : 0f;
        }

        for (int i = 0; i < rows.Rows; i++)
        {
            TensorPrimitives.Subtract(rows.Row(i), minimums, scaled);
            TensorPrimitives.Multiply(scaled, inverseSteps, scaled);
            TensorPrimitives.Round(scaled, scaled);
            TensorPrimitives.Clamp(scaled, 0f, Levels - 1, scaled);
            TensorPrimitives.Subtract(scaled, Offset, scaled);
            TensorPrimitives.ConvertTruncating<float, sbyte>(scaled, codes.Slice(i * dimension, dimension));
        }
    }

    /// <summary>Decodes codes back to values: <c>destination[i, j] = minimums[j] + (codes[i * d + j] + 128) * steps[j]</c>.</summary>
    /// <param name="codes"><c>destination.Rows * d</c> codes.</param>
    /// <param name="minimums">Per-dimension minimums (<c>d</c> long).</param>
    /// <param name="steps">Per-dimension steps (<c>d</c> long).</param>
    /// <param name="destination">Receives the decoded rows, <c>d</c> columns.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static void Decode(ReadOnlySpan<sbyte> codes, ReadOnlySpan<float> minimums, ReadOnlySpan<float> steps, MatrixView destination)
    {
        int dimension = destination.Columns;
        SpanLengthCheck.Require(nameof(minimums), minimums.Length, dimension, "destination.Columns");
        SpanLengthCheck.Require(nameof(steps), steps.Length, dimension, "destination.Columns");
        SpanLengthCheck.Require(nameof(codes), codes.Length, (long)destination.Rows * dimension, "destination.Rows * destination.Columns");
        for (int i = 0; i < destination.Rows; i++)
        {
            Span<float> row = destination.Row(i);
            TensorPrimitives.ConvertChecked<sbyte, float>(codes.Slice(i * dimension, dimension), row);
            TensorPrimitives.Add(row, Offset, row);
            TensorPrimitives.FusedMultiplyAdd(row, steps, minimums, row);
        }
    }
}
