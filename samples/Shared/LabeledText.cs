using System.IO.Compression;
using System.Text;

namespace SampleSupport;

/// <summary>One line of a text corpus: its text, and its label (topic, area) when the file gives one.</summary>
internal sealed class LabeledText
{
    public string Label { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    /// <summary>
    /// Reads a corpus file, gzip-compressed when its name ends in ".gz": one text per line, or "label&lt;TAB&gt;text" per
    /// line; blank lines are skipped.
    /// </summary>
    public static List<LabeledText> ReadAll(string path)
    {
        using FileStream file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(content, Encoding.UTF8);
        var texts = new List<LabeledText>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            string text = (tab >= 0 ? line[(tab + 1)..] : line).Trim();
            if (text.Length > 0)
            {
                texts.Add(new LabeledText { Label = tab >= 0 ? line[..tab].Trim() : string.Empty, Text = text });
            }
        }

        return texts;
    }
}
