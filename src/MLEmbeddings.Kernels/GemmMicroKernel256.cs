using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The 256-bit SGEMM micro-kernel for AVX2 + FMA (16 registers, as on Zen 3): a 6 x 16 tile in 12 <see cref="Vector256{T}"/> accumulators;
/// each depth step loads two vectors of the right panel and broadcasts six values of the left panel
/// (12 fused multiply-adds), so the tile, the two right vectors and the broadcast fit in 16 registers.
/// </summary>
internal readonly struct GemmMicroKernel256 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int TileRows => 6;

    /// <inheritdoc/>
    public static int TileColumns => 16;

    /// <inheritdoc/>
    public static int DepthBlock => 256;

    /// <inheritdoc/>
    public static int RowBlock => 144;

    /// <inheritdoc/>
    public static int ColumnBlock => 2048;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Multiply(int depth, float* left, float* right, float* result, nint resultStride, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector256<float> b0 = Vector256.Load(right);
            Vector256<float> b1 = Vector256.Load(right + 8);
            Vector256<float> a = Vector256.Create(left[0]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(left[1]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(left[2]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(left[3]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            a = Vector256.Create(left[4]);
            c40 = Vector256.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a, b1, c41);
            a = Vector256.Create(left[5]);
            c50 = Vector256.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a, b1, c51);
            left += 6;
            right += 16;
        }

        Vector256<float> scale = Vector256.Create(alpha);
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
            Vector256<float> keep = Vector256.Create(beta);
            Update(result, c00, c01, scale, keep);
            Update(result + resultStride, c10, c11, scale, keep);
            Update(result + (2 * resultStride), c20, c21, scale, keep);
            Update(result + (3 * resultStride), c30, c31, scale, keep);
            Update(result + (4 * resultStride), c40, c41, scale, keep);
            Update(result + (5 * resultStride), c50, c51, scale, keep);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* row, Vector256<float> sum0, Vector256<float> sum1, Vector256<float> alpha)
    {
        Vector256.Store(sum0 * alpha, row);
        Vector256.Store(sum1 * alpha, row + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* row, Vector256<float> sum0, Vector256<float> sum1, Vector256<float> alpha, Vector256<float> beta)
    {
        Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(row), beta, sum0 * alpha), row);
        Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(row + 8), beta, sum1 * alpha), row + 8);
    }
}
