namespace MLEmbeddings.TestSupport;

/// <summary>Finds committed files (fixtures, shipped data) from a test's output folder.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository root: the nearest folder above the test binaries holding <c>MLEmbeddings.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of a repository-relative path such as <c>tests/fixtures/x.csv</c>.</summary>
    public static string Path(string relativePath) => System.IO.Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MLEmbeddings.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("MLEmbeddings.sln not found above " + AppContext.BaseDirectory);
    }
}
