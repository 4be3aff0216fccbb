namespace MLEmbeddings.Kernels;

/// <summary>Seeded standard normal samples, shared by the randomized algorithms.</summary>
internal static class GaussianSamples
{
    /// <summary>Fills <paramref name="values"/> with independent standard normal samples (Box-Muller on a seeded <see cref="Random"/>).</summary>
    public static void Fill(Span<float> values, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            values[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }
}
