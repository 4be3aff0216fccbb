using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// One pass over a symmetric double matrix that applies a rank-one update and multiplies the updated matrix by a
/// vector: <c>M += beta p p^T</c>, then <c>q = M v</c>, computed row by row as <c>q = sum_i v_i M_i</c> (valid because
/// <c>M</c> is symmetric) while each row is in cache. ITML's Bregman projections are one such pass per constraint.
/// The width is <see cref="KernelDispatch.Width"/>; the scalar path serves when no SIMD is available.
/// </summary>
internal static class SymmetricRankOneUpdate
{
    /// <summary>
    /// Updates <paramref name="matrix"/> (<c>size x size</c>, row-major, symmetric) by <c>beta p p^T</c> (skipped when
    /// <paramref name="beta"/> is 0) and writes <c>M v</c> into <paramref name="product"/>.
    /// </summary>
    public static void UpdateAndMultiply(Span<double> matrix, int size, ReadOnlySpan<double> p, double beta, ReadOnlySpan<double> v, Span<double> product)
    {
        product[..size].Clear();
        switch (KernelDispatch.Width)
        {
            case VectorWidth.Vector512:
                Run<Double512Operations, System.Runtime.Intrinsics.Vector512<double>>(matrix, size, p, beta, v, product);
                break;
            case VectorWidth.Vector256:
                Run<Double256Operations, System.Runtime.Intrinsics.Vector256<double>>(matrix, size, p, beta, v, product);
                break;
            case VectorWidth.Vector128:
                Run<Double128Operations, System.Runtime.Intrinsics.Vector128<double>>(matrix, size, p, beta, v, product);
                break;
            default:
                RunScalar(matrix, size, p, beta, v, product);
                break;
        }
    }

    private static void Run<TOperations, TVector>(Span<double> matrix, int size, ReadOnlySpan<double> p, double beta, ReadOnlySpan<double> v, Span<double> product)
        where TOperations : struct, IDoubleSimdOperations<TVector>
        where TVector : struct
    {
        int lanes = TOperations.Count;
        int vectorEnd = size - (size % lanes);
        ref double matrixStart = ref MemoryMarshal.GetReference(matrix);
        ref double pStart = ref MemoryMarshal.GetReference(p);
        ref double productStart = ref MemoryMarshal.GetReference(product);
        for (int i = 0; i < size; i++)
        {
            ref double row = ref Unsafe.Add(ref matrixStart, i * size);
            double coefficient = beta * p[i];
            TVector scale = TOperations.Broadcast(coefficient);
            TVector weight = TOperations.Broadcast(v[i]);
            int j = 0;
            for (; j < vectorEnd; j += lanes)
            {
                TVector updated = TOperations.MultiplyAdd(scale, TOperations.Load(ref Unsafe.Add(ref pStart, j)), TOperations.Load(ref Unsafe.Add(ref row, j)));
                TOperations.Store(updated, ref Unsafe.Add(ref row, j));
                TOperations.Store(TOperations.MultiplyAdd(weight, updated, TOperations.Load(ref Unsafe.Add(ref productStart, j))), ref Unsafe.Add(ref productStart, j));
            }

            for (; j < size; j++)
            {
                double updated = Unsafe.Add(ref row, j) + (coefficient * p[j]);
                Unsafe.Add(ref row, j) = updated;
                product[j] += v[i] * updated;
            }
        }
    }

    private static void RunScalar(Span<double> matrix, int size, ReadOnlySpan<double> p, double beta, ReadOnlySpan<double> v, Span<double> product)
    {
        for (int i = 0; i < size; i++)
        {
            Span<double> row = matrix.Slice(i * size, size);
            double coefficient = beta * p[i];
            for (int j = 0; j < size; j++)
            {
                row[j] += coefficient * p[j];
                product[j] += v[i] * row[j];
            }
        }
    }
}
