using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Samples.Tests.Packaging;

/// <summary>The packages in artifacts/packages, as NuGet and a user see them (their .nuspec and contents).</summary>
public sealed class PackageTests
{
    [Fact]
    public void Every_library_is_packed_from_the_current_build_with_its_symbols()
    {
        PackedPackages.AssertFresh();
        foreach (string id in PackedPackages.Ids)
        {
            string[] assemblies = Entries(PackedPackages.PackagePath(id)).Where(e => e.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
            Assert.Equal([$"lib/net10.0/{id}.dll"], assemblies);
            string symbols = PackedPackages.PackagePath(id, "snupkg");
            Assert.True(File.Exists(symbols), $"{symbols} is missing.");
            Assert.Contains($"lib/net10.0/{id}.pdb", Entries(symbols));
        }
    }

    [Fact]
    public void Every_package_has_description_tags_authors_MIT_licence_readme_and_repository()
    {
        string readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        foreach (string id in PackedPackages.Ids)
        {
            string package = PackedPackages.PackagePath(id);
            XElement metadata = Metadata(package);
            Assert.Equal(id, Value(metadata, "id"));
            Assert.Equal(PackedPackages.Version, Value(metadata, "version"));
            Assert.True(Value(metadata, "description").Length > 40, $"{id}: the description is missing or too short.");
            Assert.NotEmpty(Value(metadata, "tags").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.NotEmpty(Value(metadata, "authors"));
            XElement license = Element(metadata, "license");
            Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
            Assert.Equal("README.md", Value(metadata, "readme"));
            Assert.Equal(readme, ReadEntry(package, "README.md"));
            XElement repository = Element(metadata, "repository");
            Assert.Equal("git", (string?)repository.Attribute("type"));
            if (Path.Exists(RepositoryFiles.Path(".git")))
            {
                Assert.Matches(new Regex("^[0-9a-f]{40}$"), (string?)repository.Attribute("commit") ?? string.Empty);
            }
        }
    }

    [Fact]
    public void MLEmbeddings_depends_on_the_tested_MLNet_range_and_on_exactly_its_own_kernels_version()
    {
        Dictionary<string, string> dependencies = Element(Metadata(PackedPackages.PackagePath("MLEmbeddings")), "dependencies")
            .Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

        Assert.Equal("[5.0.1, 5.1.0)", dependencies["Microsoft.ML"]);
        Assert.Equal($"[{PackedPackages.Version}]", dependencies["MLEmbeddings.Kernels"]);
    }

    [Fact]
    public void The_four_libraries_are_packed_and_the_TorchSharp_package_leaves_libtorch_to_the_user()
    {
        Assert.Equal(["MLEmbeddings", "MLEmbeddings.Kernels", "MLEmbeddings.Onnx", "MLEmbeddings.TorchSharp"], PackedPackages.Ids);
        string[] dependencies = Element(Metadata(PackedPackages.PackagePath("MLEmbeddings.TorchSharp")), "dependencies")
            .Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToArray();

        Assert.Contains("TorchSharp", dependencies);
        Assert.Contains("MLEmbeddings", dependencies);
        Assert.DoesNotContain(dependencies, id => id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_kernels_package_does_not_depend_on_MLNet()
    {
        XElement metadata = Metadata(PackedPackages.PackagePath("MLEmbeddings.Kernels"));

        Assert.DoesNotContain(metadata.Descendants().Where(e => e.Name.LocalName == "dependency"), e => ((string)e.Attribute("id")!).StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private static string ReadEntry(string package, string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.GetEntry(name)?.Open() ?? throw new InvalidDataException($"{package} has no {name}."));
        return reader.ReadToEnd();
    }

    private static XElement Metadata(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        return Element(XDocument.Load(stream).Root!, "metadata");
    }

    private static XElement Element(XElement parent, string name)
        => parent.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new InvalidDataException($"The nuspec has no <{name}>.");

    private static string Value(XElement metadata, string name) => Element(metadata, name).Value;
}
