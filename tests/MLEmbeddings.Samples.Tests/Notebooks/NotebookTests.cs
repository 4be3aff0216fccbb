using System.Buffers.Binary;
using System.IO.Compression;
using MLEmbeddings.Samples.Tests.Packaging;
using MLEmbeddings.TestSupport;
using Xunit.Abstractions;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>Executes every notebook in notebooks/ on the packed packages and checks its key results.</summary>
[Collection(NotebookTestGroup.Name)]
public sealed class NotebookTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _workDirectory = Directory.CreateTempSubdirectory("mlembeddings-notebook-").FullName;
    private readonly ITestOutputHelper _log;

    public NotebookTests(ITestOutputHelper log) => _log = log;

    public static TheoryData<string> Notebooks()
    {
        var notebooks = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(RepositoryFiles.Path("notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            notebooks.Add(Path.GetFileName(path));
        }

        return notebooks;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_on_the_packed_packages_and_its_key_results_are_in_range(string notebook)
    {
        Assert.True(
            NotebookExpectations.All.TryGetValue(notebook, out NotebookExpectation? expected),
            $"{notebook} has no entry in NotebookExpectations: add the CHECK lines it prints and their expected ranges.");
        PackedPackages.AssertFresh();
        DateTime started = DateTime.UtcNow.AddSeconds(-2);

        NotebookRun run = await NotebookRunner.RunAsync(RepositoryFiles.Path("notebooks/" + notebook), _workDirectory);
        foreach ((int cell, string output) in run.CellOutputs)
        {
            _log.WriteLine($"--- cell {cell}\n{output}");
        }

        IReadOnlyDictionary<string, string> checks = run.Checks();
        Assert.Equal(expected.Names.Order(StringComparer.Ordinal), checks.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, (double minimum, double maximum)) in expected.Numbers)
        {
            double value = NotebookRun.Number(notebook, name, checks[name]);
            Assert.True(value >= minimum && value <= maximum, $"{notebook}: CHECK {name}={value} is outside [{minimum}, {maximum}].\n{run.Output}");
        }

        foreach (string picture in expected.Pictures)
        {
            AssertPngWrittenSince(notebook, picture, Path.GetFullPath(checks[picture], RepositoryFiles.Path("notebooks")), started);
        }

        AssertPackedAssembliesUsed(notebook, run);
    }

    [Fact]
    public void Every_expectation_names_a_notebook()
    {
        foreach (string notebook in NotebookExpectations.All.Keys)
        {
            Assert.True(File.Exists(RepositoryFiles.Path("notebooks/" + notebook)), $"NotebookExpectations names {notebook}, which is not in notebooks/.");
        }
    }

    public void Dispose() => Directory.Delete(_workDirectory, recursive: true);

    private static void AssertPngWrittenSince(string notebook, string check, string path, DateTime started)
    {
        Assert.True(File.Exists(path), $"{notebook}: CHECK {check} names {path}, which does not exist.");
        Assert.True(File.GetLastWriteTimeUtc(path) >= started, $"{notebook}: {path} was not written by this run.");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33 && bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{notebook}: {path} is not a PNG file.");
        int width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        int height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.True(width >= 100 && height >= 100, $"{notebook}: {path} is {width} x {height} pixels; expected a real plot.");
    }

    // The libraries of this repository that the notebook loaded are the packed ones, byte for byte, from the package folder.
    private static void AssertPackedAssembliesUsed(string notebook, NotebookRun run)
    {
        foreach (string id in PackedPackages.Ids)
        {
            string[] restored = run.PackageAssemblies.Where(a => Path.GetFileName(a) == id + ".dll").ToArray();
            if (restored.Length == 0)
            {
                continue;
            }

            using ZipArchive package = ZipFile.OpenRead(PackedPackages.PackagePath(id));
            ZipArchiveEntry packed = package.Entries.Single(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name == id + ".dll");
            using var packedBytes = new MemoryStream();
            using (Stream stream = packed.Open())
            {
                stream.CopyTo(packedBytes);
            }

            Assert.True(packedBytes.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(Assert.Single(restored))), $"{notebook} restored an {id}.dll that is not the packed one.");
            foreach (System.Reflection.Assembly loaded in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == id))
            {
                Assert.Equal(restored[0], loaded.Location);
            }
        }

        Assert.Contains(run.PackageAssemblies, a => Path.GetFileName(a) == "MLEmbeddings.dll");
    }
}
