using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// GEMM without packing, for skinny products: <c>op(A)</c> has at most <see cref="MaximumNarrowSide"/> rows (a few
/// vectors times a matrix) or <c>op(B)</c> at most that many columns (a matrix times a few vectors). Packing the wide
/// operand would cost more than the whole product there, so the wide operand is streamed once, as stored:
/// <list type="bullet">
/// <item>when the wide operand's stored rows run along the depth, each element of C is a dot product of a row of
/// <c>op(A)</c> and a column of <c>op(B)</c> (the narrow side's vectors are first gathered into contiguous scratch);</item>
/// <item>otherwise each narrow row (or column) of C is a sum of the wide operand's stored rows scaled by the narrow
/// operand's values, accumulated with fused multiply-adds in increasing depth order.</item>
/// </list>
/// Both use <see cref="TensorPrimitives"/>. Every element is computed the same way whatever the split across threads
/// (the split is along the wide side), so results are bit-identical for any thread count.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>Largest narrow side (m or n) handled here.</summary>
    public const int MaximumNarrowSide = 2;

    /// <summary>Smallest depth handled here: below it the per-call cost of the vector primitives outweighs packing.</summary>
    public const int MinimumDepth = 64;

    /// <summary>Values of the wide side accumulated at once (the narrow sums then fit in 16 KiB; they are 16 values apart so they never alias 4 KiB apart).</summary>
    private const int AccumulationChunk = 2048;

    /// <summary>Whether a product of <paramref name="rows"/> x <paramref name="columns"/> with inner dimension <paramref name="depth"/> is skinny enough to skip packing.</summary>
    public static bool Suits(int rows, int columns, int depth) => Math.Min(rows, columns) <= MaximumNarrowSide && depth >= MinimumDepth;

    /// <summary>Computes the whole problem, split along the wide side into one range per thread when it is large enough.</summary>
    /// <param name="problem">A validated problem with m, n, k all at least 1 and <see cref="Suits"/> true.</param>
    /// <param name="degreeOfParallelism">Most threads to use, 1 or more.</param>
    public static void Multiply(in GemmProblem problem, int degreeOfParallelism)
    {
        int wide = Math.Max(problem.Rows, problem.Columns);
        int parts = problem.IsWorthSplitting ? Math.Min(degreeOfParallelism, (wide + 63) / 64) : 1;
        if (parts <= 1)
        {
            MultiplyRange(problem, 0, wide);
            return;
        }

        MultiplyInParallel(problem, wide, parts, degreeOfParallelism);
    }

    /// <summary>Runs the parts on up to <paramref name="degreeOfParallelism"/> threads (kept apart so the single-thread path allocates no closure).</summary>
    private static void MultiplyInParallel(GemmProblem problem, int wide, int parts, int degreeOfParallelism)
    {
        int partLength = (((wide + parts - 1) / parts) + 15) & ~15;
        Parallel.For(0, (wide + partLength - 1) / partLength, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism }, part =>
        {
            int start = part * partLength;
            MultiplyRange(problem, start, Math.Min(partLength, wide - start));
        });
    }

    /// <summary>Computes the elements of C whose wide-side index is in <c>[start, start + count)</c>.</summary>
    private static void MultiplyRange(in GemmProblem problem, int start, int count)
    {
        bool narrowRows = problem.Rows <= problem.Columns;

        // The wide operand, seen as stored: B when the rows of C are the narrow side, else A.
        bool wideAlongDepth = narrowRows ? problem.TransposeRight : !problem.TransposeLeft;
        int narrow = narrowRows ? problem.Rows : problem.Columns;
        int depth = problem.Depth;
        nint resultStride = problem.Result.RowStride;
        nint positionStep = narrowRows ? 1 : resultStride;
        nint indexStep = narrowRows ? resultStride : 1;
        GemmWorkspace workspace = GemmWorkspace.ForCurrentThread;
        fixed (float* left = problem.Left.Data.Span)
        fixed (float* right = problem.Right.Data.Span)
        fixed (float* result = problem.Result.Data.Span)
        {
            float* wideValues = narrowRows ? right : left;
            nint wideStride = narrowRows ? problem.Right.RowStride : problem.Left.RowStride;
            float* target = result + (start * positionStep);
            if (wideAlongDepth)
            {
                float* vectors = workspace.Left(narrow * depth);
                for (int index = 0; index < narrow; index++)
                {
                    Gather(problem, narrowRows, index, depth, vectors + ((nint)index * depth));
                }

                for (int position = 0; position < count; position++)
                {
                    var wideVector = new ReadOnlySpan<float>(wideValues + ((start + position) * wideStride), depth);
                    for (int index = 0; index < narrow; index++)
                    {
                        float product = TensorPrimitives.Dot(new ReadOnlySpan<float>(vectors + ((nint)index * depth), depth), wideVector);
                        Update(target + (position * positionStep) + (index * indexStep), product, problem.Alpha, problem.Beta);
                    }
                }

                return;
            }

            // Chunks of the wide side small enough that the narrow sums stay in L1 while each stored row of the
            // wide operand is read once for all of them.
            int chunk = Math.Min(count, AccumulationChunk);
            int sumStride = chunk + 16;
            float* sums = workspace.Right(narrow * sumStride);
            for (int chunkStart = 0; chunkStart < count; chunkStart += chunk)
            {
                int length = Math.Min(chunk, count - chunkStart);
                for (int p = 0; p < depth; p++)
                {
                    var wideRow = new ReadOnlySpan<float>(wideValues + (p * wideStride) + start + chunkStart, length);
                    for (int index = 0; index < narrow; index++)
                    {
                        var sum = new Span<float>(sums + ((nint)index * sumStride), length);
                        float scale = NarrowValue(problem, narrowRows, index, p);
                        if (p == 0)
                        {
                            TensorPrimitives.Multiply(wideRow, scale, sum);
                        }
                        else
                        {
                            TensorPrimitives.FusedMultiplyAdd(wideRow, scale, sum, sum);
                        }
                    }
                }

                for (int index = 0; index < narrow; index++)
                {
                    for (int position = 0; position < length; position++)
                    {
                        Update(target + ((chunkStart + position) * positionStep) + (index * indexStep), sums[((nint)index * sumStride) + position], problem.Alpha, problem.Beta);
                    }
                }
            }
        }
    }

    /// <summary>Copies row <paramref name="index"/> of <c>op(A)</c> (or column <paramref name="index"/> of <c>op(B)</c>) into contiguous scratch.</summary>
    private static void Gather(in GemmProblem problem, bool narrowRows, int index, int depth, float* destination)
    {
        for (int p = 0; p < depth; p++)
        {
            destination[p] = NarrowValue(problem, narrowRows, index, p);
        }
    }

    /// <summary><c>op(A)[index, p]</c> when the rows of C are the narrow side, else <c>op(B)[p, index]</c>.</summary>
    private static float NarrowValue(in GemmProblem problem, bool narrowRows, int index, int p)
        => narrowRows
            ? (problem.TransposeLeft ? problem.Left[p, index] : problem.Left[index, p])
            : (problem.TransposeRight ? problem.Right[index, p] : problem.Right[p, index]);

    private static void Update(float* element, float product, float alpha, float beta)
        => *element = beta == 0f ? alpha * product : float.FusedMultiplyAdd(*element, beta, alpha * product);
}
