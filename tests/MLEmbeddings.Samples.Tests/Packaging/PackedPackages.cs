using System.IO.Compression;
using System.Xml.Linq;
using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Samples.Tests.Packaging;

/// <summary>
/// The packages <c>scripts/pack.sh</c> writes to <c>artifacts/packages</c>: one per library under <c>src/</c>, at the one
/// version set in Directory.Build.props, packed from the Release build.
/// </summary>
internal static class PackedPackages
{
    /// <summary>The build configuration scripts/pack.sh packs.</summary>
    public const string Configuration = "Release";

    /// <summary>The folder the packages are written to (and the notebooks' <c>#i "nuget: ../artifacts/packages"</c>).</summary>
    public static string Folder { get; } = RepositoryFiles.Path("artifacts/packages");

    /// <summary>The repository's package version (VersionPrefix in Directory.Build.props).</summary>
    public static string Version { get; } =
        XDocument.Load(RepositoryFiles.Path("Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    /// <summary>The package ids: the library projects under src/.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        Directory.GetDirectories(RepositoryFiles.Path("src"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The path of a package file ("nupkg" or "snupkg").</summary>
    public static string PackagePath(string id, string extension = "nupkg") => Path.Combine(Folder, $"{id}.{Version}.{extension}");

    /// <summary>
    /// Fails unless every library is packed and each assembly in the packages is byte-identical to the current Release
    /// build output, so tests never run stale packages (run scripts/pack.sh after building).
    /// </summary>
    public static void AssertFresh()
    {
        foreach (string id in Ids)
        {
            string package = PackagePath(id);
            Assert.True(File.Exists(package), $"{package} is missing: run scripts/pack.sh (./test.sh does) before these tests.");
            using ZipArchive zip = ZipFile.OpenRead(package);
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
            {
                string[] parts = entry.FullName.Split('/');
                string built = RepositoryFiles.Path($"src/{id}/bin/{Configuration}/{parts[1]}/{parts[2]}");
                Assert.True(
                    File.Exists(built) && SameBytes(entry, built),
                    $"{package} holds a {entry.FullName} that differs from the build output {built}: the packages are stale; run scripts/pack.sh.");
            }
        }
    }

    private static bool SameBytes(ZipArchiveEntry entry, string path)
    {
        using var packed = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(packed);
        }

        return packed.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(path));
    }
}
