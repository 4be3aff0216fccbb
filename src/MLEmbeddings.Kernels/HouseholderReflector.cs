using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Builds an elementary Householder reflector <c>H = I - tau v v^T</c> with <c>v_0 = 1</c> such that
/// <c>H x = beta e_0</c>, <c>beta = -sign(x_0) ||x||</c> (the sign that avoids cancellation).
/// </summary>
internal static class HouseholderReflector
{
    /// <summary>
    /// Overwrites <paramref name="vector"/> (the <c>x</c> to annihilate below its first entry) with <c>v</c> and returns
    /// <c>tau</c>, in <c>[1, 2]</c>, or 0 when <c>x</c> is already a multiple of <c>e_0</c> (then <c>H = I</c> and
    /// <paramref name="beta"/> is <c>x_0</c>).
    /// </summary>
    public static double Make(Span<double> vector, out double beta)
    {
        double alpha = vector[0];
        Span<double> tail = vector.Slice(1);
        double tailNorm = TensorPrimitives.Norm<double>(tail);
        vector[0] = 1;
        if (tailNorm == 0)
        {
            beta = alpha;
            return 0;
        }

        beta = -double.CopySign(double.Hypot(alpha, tailNorm), alpha);
        TensorPrimitives.Multiply<double>(tail, 1 / (alpha - beta), tail);
        return (beta - alpha) / beta;
    }
}
