namespace MLEmbeddings.Kernels;

/// <summary>Validation and interpretation of the <c>maxDegreeOfParallelism</c> argument the kernels take.</summary>
internal static class DegreeOfParallelism
{
    /// <summary>
    /// Checks <paramref name="maxDegreeOfParallelism"/> (-1 for all cores, or a positive thread count) and returns the
    /// number of threads the kernel plans its work for: <see cref="Environment.ProcessorCount"/> for -1, else the value
    /// itself (not capped, so a split planned for 2 threads is the same on a 1-core machine).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public static int Resolve(int maxDegreeOfParallelism, string parameterName)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(parameterName, maxDegreeOfParallelism, $"'{parameterName}' must be -1 (all cores) or a positive thread count; got {maxDegreeOfParallelism}.");
        }

        return maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
    }

    /// <summary><see cref="ParallelOptions"/> for a resolved thread count.</summary>
    public static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = threads };
}
