namespace MLEmbeddings.Tests;

/// <summary>Independent double-precision reference for Matryoshka truncation.</summary>
internal static class TruncateOracle
{
    /// <summary>The first <paramref name="dimension"/> values, divided by their L2 norm when <paramref name="normalize"/> (zero stays zero).</summary>
    public static double[] Truncate(float[] row, int dimension, bool normalize)
    {
        double[] kept = row.Take(dimension).Select(v => (double)v).ToArray();
        if (!normalize)
        {
            return kept;
        }

        double norm = Math.Sqrt(kept.Sum(v => v * v));
        return norm == 0 ? kept : kept.Select(v => v / norm).ToArray();
    }
}
