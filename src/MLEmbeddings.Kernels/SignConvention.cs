namespace MLEmbeddings.Kernels;

/// <summary>
/// The sign convention of eigenvectors and singular vectors: the first component whose magnitude is within a relative
/// <see cref="TieTolerance"/> of the largest magnitude is made positive.
/// </summary>
/// <remarks>
/// The tolerance keeps the choice stable when two components have the same magnitude up to rounding
/// (for example <c>(1, -1) / sqrt(2)</c>), so results do not flip sign between vector widths or machines.
/// </remarks>
internal static class SignConvention
{
    /// <summary>Components within this relative distance of the largest magnitude count as tied; the first of them decides.</summary>
    public const double TieTolerance = 1e-6;

    /// <summary>Negates <paramref name="vector"/> when its deciding component is negative; returns whether it did.</summary>
    public static bool Apply(Span<double> vector)
    {
        double largest = 0;
        foreach (double value in vector)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        double threshold = largest * (1 - TieTolerance);
        foreach (double value in vector)
        {
            if (Math.Abs(value) >= threshold)
            {
                if (value >= 0)
                {
                    return false;
                }

                foreach (ref double component in vector)
                {
                    component = -component;
                }

                return true;
            }
        }

        return false;
    }
}
