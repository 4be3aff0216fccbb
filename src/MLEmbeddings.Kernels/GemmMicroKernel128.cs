using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The 128-bit SGEMM micro-kernel for SSE / NEON (16 registers on x64): a 6 x 8 tile in 12 <see cref="Vector128{T}"/> accumulators;
/// each depth step loads two vectors of the right panel and broadcasts six values of the left panel
/// (12 fused multiply-adds), so the tile, the two right vectors and the broadcast fit in 16 registers.
/// </summary>
internal readonly struct GemmMicroKernel128 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int TileRows => 6;

    /// <inheritdoc/>
    public static int TileColumns => 8;

    /// <inheritdoc/>
    public static int DepthBlock => 256;

    /// <inheritdoc/>
    public static int RowBlock => 96;

    /// <inheritdoc/>
    public static int ColumnBlock => 2048;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Multiply(int depth, float* left, float* right, float* result, nint resultStride, float alpha, float beta)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector128<float> b0 = Vector128.Load(right);
            Vector128<float> b1 = Vector128.Load(right + 4);
            Vector128<float> a = Vector128.Create(left[0]);
            c00 = Vector128.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(a, b1, c01);
            a = Vector128.Create(left[1]);
            c10 = Vector128.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(a, b1, c11);
            a = Vector128.Create(left[2]);
            c20 = Vector128.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(a, b1, c21);
            a = Vector128.Create(left[3]);
            c30 = Vector128.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(a, b1, c31);
            a = Vector128.Create(left[4]);
            c40 = Vector128.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector128.FusedMultiplyAdd(a, b1, c41);
            a = Vector128.Create(left[5]);
            c50 = Vector128.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector128.FusedMultiplyAdd(a, b1, c51);
            left += 6;
            right += 8;
        }

        Vector128<float> scale = Vector128.Create(alpha);
        if (beta == 0f)
        {
            Store(result, c00, c01, scale);
            Store(result + resultStride, c10, c11, scale);
            Store(result + (2 * resultStride), c20, c21, scale);
            Store(result + (3 * resultStride), c30, c31, scale);
            Store(result + (4 * resultStride), c40, c41, scale);
            Store(result + (5 * resultStride), c50, c51, scale);
        }
        else
        {
            Vector128<float> keep = Vector128.Create(beta);
            Update(result, c00, c01, scale, keep);
            Update(result + resultStride, c10, c11, scale, keep);
            Update(result + (2 * resultStride), c20, c21, scale, keep);
            Update(result + (3 * resultStride), c30, c31, scale, keep);
            Update(result + (4 * resultStride), c40, c41, scale, keep);
            Update(result + (5 * resultStride), c50, c51, scale, keep);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* row, Vector128<float> sum0, Vector128<float> sum1, Vector128<float> alpha)
    {
        Vector128.Store(sum0 * alpha, row);
        Vector128.Store(sum1 * alpha, row + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* row, Vector128<float> sum0, Vector128<float> sum1, Vector128<float> alpha, Vector128<float> beta)
    {
        Vector128.Store(Vector128.FusedMultiplyAdd(Vector128.Load(row), beta, sum0 * alpha), row);
        Vector128.Store(Vector128.FusedMultiplyAdd(Vector128.Load(row + 4), beta, sum1 * alpha), row + 4);
    }
}
