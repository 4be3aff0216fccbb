namespace SemanticSearch;

/// <summary>One sentence of the corpus, with its topic when the file gives one.</summary>
internal sealed class CorpusSentence
{
    public string Topic { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    /// <summary>
    /// Reads a corpus file: one sentence per line, or "topic&lt;TAB&gt;sentence" per line; blank lines are skipped.
    /// </summary>
    public static List<CorpusSentence> ReadAll(string path)
    {
        var sentences = new List<CorpusSentence>();
        foreach (string line in File.ReadLines(path))
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            string text = (tab >= 0 ? line[(tab + 1)..] : line).Trim();
            if (text.Length > 0)
            {
                sentences.Add(new CorpusSentence { Topic = tab >= 0 ? line[..tab].Trim() : string.Empty, Text = text });
            }
        }

        return sentences;
    }
}
