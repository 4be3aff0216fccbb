using System.Globalization;
using System.Text.RegularExpressions;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// What one run of a notebook printed, cell by cell, and the packages it used. Lines of the form
/// <c>CHECK name=value</c> are the notebook's key results, which the tests compare with expected ranges
/// (convention documented in notebooks/README.md).
/// </summary>
internal sealed partial class NotebookRun
{
    public NotebookRun(string notebook, IReadOnlyList<(int Cell, string Output)> cellOutputs, IReadOnlyList<string> packageAssemblies)
    {
        Notebook = notebook;
        CellOutputs = cellOutputs;
        PackageAssemblies = packageAssemblies;
    }

    /// <summary>The notebook's file name.</summary>
    public string Notebook { get; }

    /// <summary>Each executed code cell's number and its console output (plus its return value, if any).</summary>
    public IReadOnlyList<(int Cell, string Output)> CellOutputs { get; }

    /// <summary>The package assemblies the notebook's <c>#r "nuget: ..."</c> lines resolved to.</summary>
    public IReadOnlyList<string> PackageAssemblies { get; }

    /// <summary>Everything the notebook printed.</summary>
    public string Output => string.Concat(CellOutputs.Select(c => c.Output));

    /// <summary>The <c>CHECK name=value</c> lines, by name.</summary>
    /// <exception cref="InvalidDataException">A name is printed twice.</exception>
    public IReadOnlyDictionary<string, string> Checks()
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in CheckLine().Matches(Output))
        {
            if (!checks.TryAdd(match.Groups["name"].Value, match.Groups["value"].Value.Trim()))
            {
                throw new InvalidDataException($"{Notebook} prints CHECK {match.Groups["name"].Value} more than once.");
            }
        }

        return checks;
    }

    /// <summary>A numeric CHECK value (invariant culture).</summary>
    public static double Number(string notebook, string name, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new InvalidDataException($"{notebook}: CHECK {name}={value} is not a number.");

    [GeneratedRegex(@"^CHECK (?<name>[A-Za-z0-9_.\-]+)=(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex CheckLine();
}
