namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>The CHECK lines one notebook must print: numbers with their accepted range, and pictures (PNG paths).</summary>
/// <param name="Numbers">CHECK name -> inclusive range of the printed number.</param>
/// <param name="Pictures">CHECK names whose value is a PNG file path, relative to the notebook's folder.</param>
internal sealed record NotebookExpectation(IReadOnlyDictionary<string, (double Minimum, double Maximum)> Numbers, IReadOnlyList<string> Pictures)
{
    /// <summary>Every CHECK name, numbers and pictures.</summary>
    public IEnumerable<string> Names => Numbers.Keys.Concat(Pictures);
}
