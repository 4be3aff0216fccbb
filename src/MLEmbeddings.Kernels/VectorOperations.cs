using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Vector primitives: dot products, squared Euclidean distances, cosine similarities and norms, for one pair of
/// vectors or for one vector against every row of a block. The SIMD width is chosen by
/// <see cref="KernelDispatch.Width"/>; the one-vs-block kernels process four rows at a time, sharing each load of
/// the vector.
/// </summary>
/// <remarks>All sums are accumulated in <see cref="float"/>; their rounding depends on the vector width.</remarks>
public static class VectorOperations
{
    /// <summary>The dot product <c>sum_i x[i] * y[i]</c> (0 for empty vectors).</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, the same length as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        MatrixShape.RequireSameLength(nameof(y), y.Length, x.Length);
        return PairReduction.Reduce<DotProductTerm>(KernelDispatch.Width, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>The squared Euclidean distance <c>sum_i (x[i] - y[i])^2</c> (0 for empty vectors).</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, the same length as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float SquaredEuclideanDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        MatrixShape.RequireSameLength(nameof(y), y.Length, x.Length);
        return PairReduction.Reduce<SquaredDifferenceTerm>(KernelDispatch.Width, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>
    /// The cosine similarity <c>x . y / (||x|| ||y||)</c>, in <c>[-1, 1]</c> up to rounding; 0 when either vector is
    /// zero (or empty).
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, the same length as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float CosineSimilarity(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        MatrixShape.RequireSameLength(nameof(y), y.Length, x.Length);
        VectorWidth width = KernelDispatch.Width;
        ref float xStart = ref MemoryMarshal.GetReference(x);
        ref float yStart = ref MemoryMarshal.GetReference(y);
        float dot = PairReduction.Reduce<DotProductTerm>(width, ref xStart, ref yStart, x.Length);
        float xSquaredNorm = PairReduction.Reduce<DotProductTerm>(width, ref xStart, ref xStart, x.Length);
        float ySquaredNorm = PairReduction.Reduce<DotProductTerm>(width, ref yStart, ref yStart, y.Length);
        return Cosine(dot, xSquaredNorm, ySquaredNorm);
    }

    /// <summary>The Euclidean norm <c>sqrt(sum_i x[i]^2)</c> (0 for an empty vector).</summary>
    /// <param name="x">The vector.</param>
    public static float L2Norm(ReadOnlySpan<float> x) => MathF.Sqrt(SquaredL2Norm(x));

    /// <summary>The squared Euclidean norm <c>sum_i x[i]^2</c> (0 for an empty vector).</summary>
    /// <param name="x">The vector.</param>
    public static float SquaredL2Norm(ReadOnlySpan<float> x)
    {
        ref float start = ref MemoryMarshal.GetReference(x);
        return PairReduction.Reduce<DotProductTerm>(KernelDispatch.Width, ref start, ref start, x.Length);
    }

    /// <summary>Scales <paramref name="vector"/> in place to unit Euclidean norm: <c>x / ||x||</c>. A zero vector stays zero.</summary>
    /// <param name="vector">The vector to normalise.</param>
    public static void Normalize(Span<float> vector)
    {
        float norm = L2Norm(vector);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Scales every row of <paramref name="rows"/> in place to unit Euclidean norm (see <see cref="Normalize(Span{float})"/>). Zero rows stay zero.</summary>
    /// <param name="rows">The rows to normalise.</param>
    public static void NormalizeRows(MatrixView rows)
    {
        for (int i = 0; i < rows.Rows; i++)
        {
            Normalize(rows.Row(i));
        }
    }

    /// <summary>The dot product of <paramref name="vector"/> with every row: <c>result[r] = vector . rows[r]</c>.</summary>
    /// <param name="vector">The vector, <c>rows.Columns</c> long.</param>
    /// <param name="rows">The block of rows.</param>
    /// <param name="result">One value per row: exactly <c>rows.Rows</c> long.</param>
    /// <exception cref="ArgumentException">A length does not match; the message names the parameter, the expected and the received length.</exception>
    public static void Dot(ReadOnlySpan<float> vector, ReadOnlyMatrixView rows, Span<float> result)
        => ReduceRows<DotProductTerm>(vector, rows, result);

    /// <summary>The squared Euclidean distance of <paramref name="vector"/> to every row: <c>result[r] = ||vector - rows[r]||^2</c>.</summary>
    /// <inheritdoc cref="Dot(ReadOnlySpan{float}, ReadOnlyMatrixView, Span{float})"/>
    public static void SquaredEuclideanDistance(ReadOnlySpan<float> vector, ReadOnlyMatrixView rows, Span<float> result)
        => ReduceRows<SquaredDifferenceTerm>(vector, rows, result);

    /// <summary>
    /// The cosine similarity of <paramref name="vector"/> with every row (see
    /// <see cref="CosineSimilarity(ReadOnlySpan{float}, ReadOnlySpan{float})"/>; 0 where either vector is zero).
    /// </summary>
    /// <inheritdoc cref="Dot(ReadOnlySpan{float}, ReadOnlyMatrixView, Span{float})"/>
    public static void CosineSimilarity(ReadOnlySpan<float> vector, ReadOnlyMatrixView rows, Span<float> result)
    {
        ReduceRows<DotProductTerm>(vector, rows, result);
        float vectorSquaredNorm = SquaredL2Norm(vector);
        for (int r = 0; r < rows.Rows; r++)
        {
            result[r] = Cosine(result[r], vectorSquaredNorm, SquaredL2Norm(rows.Row(r)));
        }
    }

    /// <summary>The Euclidean norm of every row: <c>result[r] = ||rows[r]||</c>.</summary>
    /// <param name="rows">The block of rows.</param>
    /// <param name="result">One value per row: exactly <c>rows.Rows</c> long.</param>
    /// <exception cref="ArgumentException"><paramref name="result"/> has the wrong length.</exception>
    public static void L2Norms(ReadOnlyMatrixView rows, Span<float> result)
    {
        SquaredL2Norms(rows, result);
        TensorPrimitives.Sqrt(result, result);
    }

    /// <summary>The squared Euclidean norm of every row: <c>result[r] = ||rows[r]||^2</c>.</summary>
    /// <inheritdoc cref="L2Norms(ReadOnlyMatrixView, Span{float})"/>
    public static void SquaredL2Norms(ReadOnlyMatrixView rows, Span<float> result)
    {
        SpanLengthCheck.Require(nameof(result), result.Length, rows.Rows, "rows.Rows");
        for (int r = 0; r < rows.Rows; r++)
        {
            result[r] = SquaredL2Norm(rows.Row(r));
        }
    }

    /// <summary><c>dot / sqrt(xx * yy)</c>, or 0 when either squared norm is 0.</summary>
    internal static float Cosine(float dot, float xSquaredNorm, float ySquaredNorm)
        => xSquaredNorm == 0f || ySquaredNorm == 0f ? 0f : (float)(dot / Math.Sqrt((double)xSquaredNorm * ySquaredNorm));

    private static void ReduceRows<TTerm>(ReadOnlySpan<float> vector, ReadOnlyMatrixView rows, Span<float> result)
        where TTerm : IPairTerm
    {
        SpanLengthCheck.Require(nameof(vector), vector.Length, rows.Columns, "rows.Columns");
        SpanLengthCheck.Require(nameof(result), result.Length, rows.Rows, "rows.Rows");
        if (rows.Rows == 0)
        {
            return;
        }

        VectorWidth width = KernelDispatch.Width;
        int length = rows.Columns;
        int stride = rows.RowStride;
        ref float vectorStart = ref MemoryMarshal.GetReference(vector);
        ref float data = ref MemoryMarshal.GetReference(rows.Data.Span);
        int r = 0;
        for (; r <= rows.Rows - 4; r += 4)
        {
            PairReduction.ReduceFourRows<TTerm>(width, ref vectorStart, ref Unsafe.Add(ref data, r * stride), stride, length, result.Slice(r, 4));
        }

        for (; r < rows.Rows; r++)
        {
            result[r] = PairReduction.Reduce<TTerm>(width, ref vectorStart, ref Unsafe.Add(ref data, r * stride), length);
        }
    }
}
