using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// Resolves a notebook's <c>#i</c> / <c>#r "nuget: ..."</c> lines the way .NET Interactive does: a throw-away project
/// with those package references is restored by the ordinary NuGet client (<c>dotnet restore</c>, the machine's
/// configured sources plus the notebook's), and the assets file names the assemblies and native libraries to use.
/// </summary>
internal static class PackageRestorer
{
    /// <summary>Restores <paramref name="packages"/> from the configured sources plus <paramref name="sources"/> in <paramref name="workDirectory"/>.</summary>
    /// <remarks>
    /// NuGet extracts a package id/version into the packages folder once and reuses it afterwards, so a package
    /// repacked under the same version would be ignored. The packages folder is this checkout's
    /// <c>artifacts/notebook-packages</c>, not the user-wide global packages folder, so that another checkout of the
    /// repository cannot swap its own build of the same version in. Packages that come from a local folder source are therefore
    /// checked against the restored ones (by SHA-512, as NuGet records it); a stale extracted copy is removed and the
    /// restore repeated, and a mismatch that remains fails.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The restore failed, or a package from a local folder could not be used as packed.</exception>
    public static RestoredPackages Restore(IReadOnlyList<string> sources, IReadOnlyList<NuGetPackage> packages, string workDirectory)
    {
        string runtimeIdentifier = RuntimeInformation.RuntimeIdentifier;
        string project = WriteProject(sources, packages, workDirectory, runtimeIdentifier);
        Dictionary<string, string> localPackageHashes = LocalPackageHashes(sources);
        RunRestore(project, force: false);
        using (JsonDocument assets = ReadAssets(workDirectory))
        {
            List<string> stale = StalePackageFolders(assets.RootElement, localPackageHashes);
            if (stale.Count == 0)
            {
                return Resolve(assets.RootElement, runtimeIdentifier);
            }

            foreach (string folder in stale)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        RunRestore(project, force: true);
        using JsonDocument refreshed = ReadAssets(workDirectory);
        List<string> stillStale = StalePackageFolders(refreshed.RootElement, localPackageHashes);
        if (stillStale.Count > 0)
        {
            throw new InvalidOperationException(
                "NuGet did not take these packages from the local package folder: " + string.Join(", ", stillStale)
                + ". Another source serves the same id and version; the local packages must win.");
        }

        return Resolve(refreshed.RootElement, runtimeIdentifier);
    }

    // The checkout's own extraction folder instead of the user-wide global packages folder: other checkouts on the same
    // machine pack their own MLEmbeddings 0.1.0 and would otherwise replace this checkout's copy while its notebooks run.
    private static string PackagesPath { get; } = RepositoryFiles.Path("artifacts/notebook-packages");

    private static string WriteProject(IReadOnlyList<string> sources, IReadOnlyList<NuGetPackage> packages, string workDirectory, string runtimeIdentifier)
    {
        Directory.CreateDirectory(workDirectory);

        // Empty Directory.* files stop MSBuild and central package management from importing a surrounding repository's settings.
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(workDirectory, file), "<Project />\n");
        }

        var project = new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("TargetFramework", $"net{Environment.Version.Major}.{Environment.Version.Minor}"),
                new XElement("RuntimeIdentifier", runtimeIdentifier),
                new XElement("SelfContained", "false"),
                new XElement("RestoreAdditionalProjectSources", string.Join(';', sources)),
                new XElement("RestorePackagesPath", PackagesPath)),
            new XElement(
                "ItemGroup",
                packages.Select(p => new XElement("PackageReference", new XAttribute("Include", p.Id), new XAttribute("Version", p.Version)))));
        string path = Path.Combine(workDirectory, "NotebookPackages.csproj");
        project.Save(path);
        return path;
    }

    private static void RunRestore(string project, bool force)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (string argument in new[] { "restore", project, "--nologo", "-v:q" })
        {
            start.ArgumentList.Add(argument);
        }

        if (force)
        {
            start.ArgumentList.Add("--force");
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet restore of the notebook's packages did not finish within 5 minutes.\n{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet restore of the notebook's packages failed (exit {process.ExitCode}):\n{output}\n{error.Result}");
        }
    }

    private static JsonDocument ReadAssets(string workDirectory)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(workDirectory, "obj", "project.assets.json")));

    // "id/version" (lower case) -> base64 SHA-512 of every package file in the local folder sources.
    private static Dictionary<string, string> LocalPackageHashes(IReadOnlyList<string> sources)
    {
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in sources.Where(Directory.Exists))
        {
            foreach (string package in Directory.EnumerateFiles(folder, "*.nupkg"))
            {
                using ZipArchive zip = ZipFile.OpenRead(package);
                ZipArchiveEntry nuspec = zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
                using Stream stream = nuspec.Open();
                XElement metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                string id = metadata.Elements().Single(e => e.Name.LocalName == "id").Value;
                string version = metadata.Elements().Single(e => e.Name.LocalName == "version").Value;
                hashes[$"{id}/{version}"] = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package)));
            }
        }

        return hashes;
    }

    // The extracted folders of restored packages whose hash differs from the same id/version in a local folder source.
    private static List<string> StalePackageFolders(JsonElement assets, Dictionary<string, string> localPackageHashes)
    {
        var stale = new List<string>();
        foreach (JsonProperty library in assets.GetProperty("libraries").EnumerateObject())
        {
            if (localPackageHashes.TryGetValue(library.Name, out string? expected)
                && library.Value.GetProperty("sha512").GetString() != expected)
            {
                stale.Add(PackageFolder(assets, library.Value.GetProperty("path").GetString()!));
            }
        }

        return stale;
    }

    private static RestoredPackages Resolve(JsonElement assets, string runtimeIdentifier)
    {
        JsonElement libraries = assets.GetProperty("libraries");
        JsonElement target = assets.GetProperty("targets").EnumerateObject().Single(t => t.Name.EndsWith("/" + runtimeIdentifier, StringComparison.Ordinal)).Value;
        var managed = new List<string>();
        var native = new List<string>();
        foreach (JsonProperty library in target.EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package")
            {
                continue;
            }

            string folder = PackageFolder(assets, libraries.GetProperty(library.Name).GetProperty("path").GetString()!);
            managed.AddRange(Files(library.Value, "runtime", folder));
            native.AddRange(Files(library.Value, "native", folder));
        }

        return new RestoredPackages(managed, native);
    }

    // A group of assets ("runtime", "native") of one package; "_._" marks an empty group.
    private static IEnumerable<string> Files(JsonElement library, string group, string packageFolder)
        => library.TryGetProperty(group, out JsonElement files)
            ? files.EnumerateObject()
                .Where(f => !f.Name.EndsWith("_._", StringComparison.Ordinal))
                .Select(f => Path.GetFullPath(Path.Combine(packageFolder, f.Name)))
            : [];

    // The folder of an extracted package: the first package folder (global packages, then fallback folders) that has it.
    private static string PackageFolder(JsonElement assets, string libraryPath)
    {
        foreach (JsonProperty root in assets.GetProperty("packageFolders").EnumerateObject())
        {
            string candidate = Path.Combine(root.Name, libraryPath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The restored package folder '{libraryPath}' is in none of the package folders of the assets file.");
    }
}
