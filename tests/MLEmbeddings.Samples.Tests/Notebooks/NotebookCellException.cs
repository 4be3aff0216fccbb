namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>A notebook cell that could not be run: the message names the notebook, the cell and what went wrong.</summary>
internal sealed class NotebookCellException : Exception
{
    public NotebookCellException()
    {
    }

    public NotebookCellException(string message)
        : base(message)
    {
    }

    public NotebookCellException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotebookCellException(string notebook, int cell, string problem, Exception innerException)
        : base($"{notebook}, cell {cell}: {problem}", innerException)
    {
    }
}
