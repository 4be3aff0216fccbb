using System.Text.RegularExpressions;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// The package directives of one C# cell, as .NET Interactive reads them: <c>#i "nuget: SOURCE"</c> adds a package
/// source (a folder, relative to the notebook, or a feed URL) and <c>#r "nuget: Id, Version"</c> adds a package. The
/// remaining code has those lines blanked, so compiler messages keep the cell's line numbers.
/// </summary>
internal sealed partial class CellDirectives
{
    private CellDirectives(IReadOnlyList<string> sources, IReadOnlyList<NuGetPackage> packages, string code)
    {
        Sources = sources;
        Packages = packages;
        Code = code;
    }

    /// <summary>Package sources added by the cell, as written.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Packages added by the cell.</summary>
    public IReadOnlyList<NuGetPackage> Packages { get; }

    /// <summary>The C# code without the directive lines.</summary>
    public string Code { get; }

    /// <summary>Splits a cell into its package directives and its code.</summary>
    /// <exception cref="NotSupportedException">
    /// A <c>#r "nuget: ..."</c> without a version (notebooks pin versions so they run the same everywhere), or a
    /// Polyglot magic command (<c>#!...</c>), which this runner does not implement.
    /// </exception>
    public static CellDirectives Parse(string source)
    {
        var sources = new List<string>();
        var packages = new List<NuGetPackage>();
        string[] lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            Match match;
            if ((match = SourceDirective().Match(line)).Success)
            {
                sources.Add(match.Groups["source"].Value.Trim());
            }
            else if ((match = PackageDirective().Match(line)).Success)
            {
                if (!match.Groups["version"].Success)
                {
                    throw new NotSupportedException($"line {i + 1}: '{line}' has no version; write #r \"nuget: {match.Groups["id"].Value}, <version>\".");
                }

                packages.Add(new NuGetPackage(match.Groups["id"].Value, match.Groups["version"].Value));
            }
            else if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"line {i + 1}: the magic command '{line}' is not supported by the notebook runner; use C# only.");
            }
            else
            {
                continue;
            }

            lines[i] = string.Empty;
        }

        return new CellDirectives(sources, packages, string.Join('\n', lines));
    }

    [GeneratedRegex("""^#i\s+"nuget:\s*(?<source>[^"]+)"$""")]
    private static partial Regex SourceDirective();

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<id>[^,"\s]+)\s*(,\s*(?<version>[^,"\s]+)\s*)?"$""")]
    private static partial Regex PackageDirective();
}
