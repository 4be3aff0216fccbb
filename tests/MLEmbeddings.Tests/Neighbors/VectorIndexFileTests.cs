using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>Standalone index files: corrupt, truncated, foreign and newer files are rejected with a message saying which.</summary>
public sealed class VectorIndexFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mlemb-file-{Guid.NewGuid():N}.index");

    public VectorIndexFileTests()
    {
        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(600, 12, 6, 0.3f, seed: 61), 600, 12);
        new HnswIndexOptions { M = 6, EfConstruction = 32 }.Build(data, DistanceMetric.SquaredEuclidean, seed: 1).Save(_path);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_flipped_payload_byte_fails_the_checksum()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(_path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path));
        Assert.Contains("is corrupt: the checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_are_missing()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes.AsSpan(0, bytes.Length - 100).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path));
        Assert.Contains("is truncated: its header announces", error.Message, StringComparison.Ordinal);
        File.WriteAllBytes(_path, bytes.AsSpan(0, 20).ToArray());
        Assert.Contains("ends inside its 32-byte header", Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_file_is_not_an_index_file()
    {
        File.WriteAllText(_path, "PK\u0003\u0004 this is a zip, not an index");
        var error = Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path));
        Assert.Contains("is not an MLEmbeddings vector index file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_version_asks_for_an_update()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        bytes[8] = 9;
        File.WriteAllBytes(_path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path));
        Assert.Contains("has format version 9; this MLEmbeddings version reads versions 1 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consistent_checksum_over_inconsistent_content_is_still_caught_by_the_payload_reader()
    {
        // Rewrite the stored vector dimension inside the payload and fix the checksum, as a buggy writer might: the
        // payload reader's range and length checks must reject it before allocating.
        byte[] bytes = File.ReadAllBytes(_path);
        int offset = 32 + (4 * 6) + 1 + 4;
        BitConverter.GetBytes(int.MaxValue / 2).CopyTo(bytes, offset);
        ulong hash = 14695981039346656037UL;
        for (int i = 32; i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[i]) * 1099511628211UL;
        }

        BitConverter.GetBytes(hash).CopyTo(bytes, 24);
        File.WriteAllBytes(_path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => VectorIndex.Load(_path));
        Assert.Contains("is corrupt or was not written by a compatible MLEmbeddings version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_replaces_the_old_file_atomically_and_leaves_no_temporary_file()
    {
        var data = new ReadOnlyMatrixView(AnnTestData.Clustered(50, 12, 2, 0.3f, seed: 62), 50, 12);
        new FlatIndexOptions().Build(data, DistanceMetric.InnerProduct, seed: 1).Save(_path);
        VectorIndex loaded = VectorIndex.Load(_path);
        Assert.Equal(50, loaded.Count);
        Assert.Equal(DistanceMetric.InnerProduct, loaded.Metric);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + ".*.tmp"));
    }
}
