namespace MLEmbeddings.Neighbors;

/// <summary>
/// The seeded level of each HNSW node: <c>floor(-ln(u) / ln(M))</c> with <c>u</c> uniform in (0, 1] (Malkov and
/// Yashunin's <c>mL = 1 / ln(M)</c>), where <c>u</c> is a hash of the seed and the node id (SplitMix64), so a node's
/// level does not depend on the order, batching or threads of the inserts.
/// </summary>
internal static class HnswLevelGenerator
{
    /// <summary>Highest level ever assigned (probability below M^-30).</summary>
    public const int MaximumLevel = 30;

    /// <summary>The level of node <paramref name="id"/>.</summary>
    public static int Level(int seed, int id, int m)
    {
        ulong state = ((ulong)(uint)seed << 32) ^ (uint)id;
        state += 0x9E3779B97F4A7C15UL;
        state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
        state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
        state ^= state >> 31;
        double uniform = ((state >> 11) + 1) * (1.0 / (1UL << 53));
        return (int)Math.Min(MaximumLevel, Math.Floor(-Math.Log(uniform) / Math.Log(m)));
    }
}
