namespace MLEmbeddings.Kernels;

/// <summary>
/// The scalar SGEMM micro-kernel, used when no vector width is available (for example with
/// <c>DOTNET_EnableHWIntrinsic=0</c>): a 4 x 4 tile summed with plain multiply-adds.
/// </summary>
internal readonly struct GemmMicroKernelScalar : IGemmMicroKernel
{
    private const int Size = 4;

    /// <inheritdoc/>
    public static int TileRows => Size;

    /// <inheritdoc/>
    public static int TileColumns => Size;

    /// <inheritdoc/>
    public static int DepthBlock => 256;

    /// <inheritdoc/>
    public static int RowBlock => 64;

    /// <inheritdoc/>
    public static int ColumnBlock => 1024;

    /// <inheritdoc/>
    public static unsafe void Multiply(int depth, float* left, float* right, float* result, nint resultStride, float alpha, float beta)
    {
        float* sums = stackalloc float[Size * Size];
        new Span<float>(sums, Size * Size).Clear();
        for (int p = 0; p < depth; p++)
        {
            for (int i = 0; i < Size; i++)
            {
                float value = left[i];
                for (int j = 0; j < Size; j++)
                {
                    sums[(i * Size) + j] += value * right[j];
                }
            }

            left += Size;
            right += Size;
        }

        for (int i = 0; i < Size; i++)
        {
            float* row = result + (i * resultStride);
            for (int j = 0; j < Size; j++)
            {
                float product = alpha * sums[(i * Size) + j];
                row[j] = beta == 0f ? product : (beta * row[j]) + product;
            }
        }
    }
}
