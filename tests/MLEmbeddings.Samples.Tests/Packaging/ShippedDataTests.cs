using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Samples.Tests.Packaging;

/// <summary>Every data set the repository ships carries its origin and licence in samples/data/NOTICE.</summary>
public sealed class ShippedDataTests
{
    [Fact]
    public void Every_shipped_data_set_is_described_in_the_notice()
    {
        string folder = RepositoryFiles.Path("samples/data");
        string notice = File.ReadAllText(Path.Combine(folder, "NOTICE"));
        IEnumerable<string> dataSets = Directory.GetFileSystemEntries(folder)
            .Select(Path.GetFileName)
            .Where(name => name is not "NOTICE" && !name!.EndsWith(".py", StringComparison.Ordinal))!;

        foreach (string dataSet in dataSets)
        {
            Assert.True(notice.Contains(dataSet, StringComparison.Ordinal), $"samples/data/{dataSet} is not described (origin and licence) in samples/data/NOTICE.");
        }
    }
}
