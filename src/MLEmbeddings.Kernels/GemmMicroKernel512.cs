using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The AVX-512 SGEMM micro-kernel: a 6 x 32 tile in 12 <see cref="Vector512{T}"/> accumulators; each depth step
/// loads two vectors of the right panel and broadcasts six values of the left panel (12 fused multiply-adds).
/// </summary>
internal readonly struct GemmMicroKernel512 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int TileRows => 6;

    /// <inheritdoc/>
    public static int TileColumns => 32;

    /// <inheritdoc/>
    public static int DepthBlock => 384;

    /// <inheritdoc/>
    public static int RowBlock => 192;

    /// <inheritdoc/>
    public static int ColumnBlock => 2048;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Multiply(int depth, float* left, float* right, float* result, nint resultStride, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector512<float> b0 = Vector512.Load(right);
            Vector512<float> b1 = Vector512.Load(right + 16);
            Vector512<float> a = Vector512.Create(left[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(left[1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(left[2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(left[3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(left[4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(left[5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            left += 6;
            right += 32;
        }

        Vector512<float> scale = Vector512.Create(alpha);
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
            Vector512<float> keep = Vector512.Create(beta);
            Update(result, c00, c01, scale, keep);
            Update(result + resultStride, c10, c11, scale, keep);
            Update(result + (2 * resultStride), c20, c21, scale, keep);
            Update(result + (3 * resultStride), c30, c31, scale, keep);
            Update(result + (4 * resultStride), c40, c41, scale, keep);
            Update(result + (5 * resultStride), c50, c51, scale, keep);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* row, Vector512<float> sum0, Vector512<float> sum1, Vector512<float> alpha)
    {
        Vector512.Store(sum0 * alpha, row);
        Vector512.Store(sum1 * alpha, row + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* row, Vector512<float> sum0, Vector512<float> sum1, Vector512<float> alpha, Vector512<float> beta)
    {
        Vector512.Store(Vector512.FusedMultiplyAdd(Vector512.Load(row), beta, sum0 * alpha), row);
        Vector512.Store(Vector512.FusedMultiplyAdd(Vector512.Load(row + 16), beta, sum1 * alpha), row + 16);
    }
}
