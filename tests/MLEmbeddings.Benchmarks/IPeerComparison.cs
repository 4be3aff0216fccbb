namespace MLEmbeddings.Benchmarks;

/// <summary>
/// A side-by-side comparison of an MLEmbeddings kernel or component with a peer library (numpy/OpenBLAS,
/// faiss, hnswlib, scikit-learn) on the same generated or real data, in the same run, printing ratios.
/// Implementations are discovered by reflection; each needs a public parameterless constructor.
/// </summary>
public interface IPeerComparison
{
    /// <summary>The name used on the command line (<c>compare NAME</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what is compared with what.</summary>
    string Description { get; }

    /// <summary>Runs the comparison and prints its table; returns the process exit code.</summary>
    int Run(string[] args);
}
