namespace MLEmbeddings.Kernels;

/// <summary>Length checks for span arguments whose expected length follows from other arguments.</summary>
internal static class SpanLengthCheck
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when <paramref name="actual"/>
    /// differs from <paramref name="expected"/>; <paramref name="expectedDescription"/> says where the expected value
    /// comes from (e.g. <c>"queries.Rows * k"</c>).
    /// </summary>
    public static void Require(string parameterName, int actual, long expected, string expectedDescription)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{parameterName}' has length {actual}; expected {expected} ({expectedDescription}).", parameterName);
        }
    }
}
