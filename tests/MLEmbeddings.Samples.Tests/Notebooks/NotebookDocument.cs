using System.Text.Json;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// A Polyglot (.NET Interactive) notebook as VS Code writes it: nbformat 4 JSON whose kernelspec is ".net-csharp",
/// whose <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c> names the default kernel, and whose code cells
/// may name their own kernel in <c>metadata.polyglot_notebook.kernelName</c>.
/// </summary>
internal sealed class NotebookDocument
{
    private NotebookDocument(string filePath, IReadOnlyList<NotebookCell> cells)
    {
        FilePath = filePath;
        Cells = cells;
    }

    /// <summary>The notebook's absolute path.</summary>
    public string FilePath { get; }

    /// <summary>The notebook's file name, used in every message.</summary>
    public string Name => Path.GetFileName(FilePath);

    /// <summary>The folder the notebook runs in (relative paths in its cells start here).</summary>
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>All cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Reads and checks a notebook file.</summary>
    /// <exception cref="InvalidDataException">The file is not a .NET Interactive C# notebook in nbformat 4.</exception>
    public static NotebookDocument Load(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string name = Path.GetFileName(fullPath);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(fullPath));
        JsonElement root = json.RootElement;
        if (!root.TryGetProperty("nbformat", out JsonElement format) || format.GetInt32() != 4)
        {
            throw new InvalidDataException($"{name}: expected nbformat 4, got {(root.TryGetProperty("nbformat", out format) ? format.ToString() : "none")}.");
        }

        JsonElement metadata = Property(root, "metadata", name);
        string kernelSpec = Property(Property(metadata, "kernelspec", name), "name", name).GetString() ?? string.Empty;
        if (kernelSpec != ".net-csharp")
        {
            throw new InvalidDataException($"{name}: expected metadata.kernelspec.name '.net-csharp', got '{kernelSpec}'.");
        }

        JsonElement kernelInfo = Property(Property(metadata, "polyglot_notebook", name), "kernelInfo", name);
        string defaultKernel = Property(kernelInfo, "defaultKernelName", name).GetString() ?? string.Empty;
        var cells = new List<NotebookCell>();
        foreach (JsonElement cell in Property(root, "cells", name).EnumerateArray())
        {
            bool isCode = Property(cell, "cell_type", name).GetString() == "code";
            string kernel = isCode ? CellKernel(cell) ?? defaultKernel : string.Empty;
            cells.Add(new NotebookCell(cells.Count + 1, isCode, kernel, Source(Property(cell, "source", name))));
        }

        return new NotebookDocument(fullPath, cells);
    }

    private static string? CellKernel(JsonElement cell)
        => cell.TryGetProperty("metadata", out JsonElement metadata)
            && metadata.TryGetProperty("polyglot_notebook", out JsonElement polyglot)
            && polyglot.TryGetProperty("kernelName", out JsonElement kernel)
            ? kernel.GetString()
            : null;

    // nbformat stores a cell's text either as one string or as a list of lines that keep their line ends.
    private static string Source(JsonElement source)
        => source.ValueKind == JsonValueKind.Array
            ? string.Concat(source.EnumerateArray().Select(line => line.GetString()))
            : source.GetString() ?? string.Empty;

    private static JsonElement Property(JsonElement element, string property, string notebook)
        => element.TryGetProperty(property, out JsonElement value)
            ? value
            : throw new InvalidDataException($"{notebook}: the notebook JSON has no '{property}' where one is required.");
}
