namespace MLEmbeddings.Kernels;

/// <summary>The SIMD register width a kernel runs with.</summary>
public enum VectorWidth
{
    /// <summary>Plain scalar code, no SIMD.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE, NEON): 4 floats.</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors (AVX2 with FMA): 8 floats.</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors (AVX-512): 16 floats.</summary>
    Vector512 = 512,
}
