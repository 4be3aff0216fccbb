namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>One cell of a notebook.</summary>
/// <param name="Number">1-based position among all cells (markdown included), as a reader counts them in the editor.</param>
/// <param name="IsCode">Whether it is a code cell (otherwise markdown or raw).</param>
/// <param name="KernelName">The Polyglot kernel that runs it ("csharp"); empty for non-code cells.</param>
/// <param name="Source">The cell's text.</param>
internal sealed record NotebookCell(int Number, bool IsCode, string KernelName, string Source);
