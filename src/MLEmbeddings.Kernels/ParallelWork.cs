namespace MLEmbeddings.Kernels;

/// <summary>Checks shared by the kernels that take a <c>maxDegreeOfParallelism</c> argument.</summary>
internal static class ParallelWork
{
    /// <summary>Throws unless <paramref name="maxDegreeOfParallelism"/> is -1 (all cores) or positive.</summary>
    public static void ValidateDegree(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");
        }
    }
}
