namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// Tests that run notebooks change the working directory and <see cref="Console.Out"/> of the test process, so they
/// run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookTestGroup
{
    public const string Name = "Notebooks";
}
