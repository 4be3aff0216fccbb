using System.Buffers.Binary;
using System.IO.Compression;

namespace MLEmbeddings.Samples.Tests;

/// <summary>The quick start on data folders it cannot use: one line on standard error, exit code 1, no stack trace.</summary>
public sealed class QuickStartDataTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-quickstart-data-").FullName;

    [Theory]
    [InlineData(1234, 20, "are not Fashion-MNIST IDX files.")]
    [InlineData(2051, 12, "are truncated or not 28 x 28 Fashion-MNIST images with labels 0..9.")]
    public void Training_files_that_cannot_be_read_get_one_line_and_exit_code_1(int imageMagic, int storedImages, string expected)
    {
        // The header announces 20 images; a wrong magic number or fewer stored images than announced must be explained.
        string data = Path.Combine(_directory, "data");
        WriteSet(data, "train", images: 20, storedImages, imageMagic);
        WriteSet(data, "t10k", images: 5);
        AssertOneLineFailure(Run("--data", data), expected);
    }

    [Fact]
    public void Fewer_images_than_the_settings_need_get_one_line_and_exit_code_1()
    {
        // --train 10 passes the option checks, but the folder holds only 6 training images: too few for 8 NMF parts.
        string data = Path.Combine(_directory, "data");
        WriteSet(data, "train", images: 6);
        WriteSet(data, "t10k", images: 5);
        AssertOneLineFailure(Run("--data", data, "--train", "10", "--components", "8", "--rank", "2", "--neighbors", "1"), "Rank");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertOneLineFailure(SampleRunner.Result result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("QuickStart: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes SET-images-idx3-ubyte.gz and SET-labels-idx1-ubyte.gz: a header announcing <paramref name="images"/> 28 x 28
    /// images, <paramref name="storedImages"/> of them present (all when null), labels cycling through 0..9.
    /// </summary>
    private static void WriteSet(string directory, string set, int images, int? storedImages = null, int imageMagic = 2051)
    {
        Directory.CreateDirectory(directory);
        int stored = storedImages ?? images;
        var pixels = new byte[16 + (stored * 784)];
        BinaryPrimitives.WriteInt32BigEndian(pixels, imageMagic);
        BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(4), images);
        BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(12), 28);
        var random = new Random(7);
        random.NextBytes(pixels.AsSpan(16));
        var labels = new byte[8 + images];
        BinaryPrimitives.WriteInt32BigEndian(labels, 2049);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), images);
        for (int i = 0; i < images; i++)
        {
            labels[8 + i] = (byte)(i % 10);
        }

        WriteGzip(Path.Combine(directory, $"{set}-images-idx3-ubyte.gz"), pixels);
        WriteGzip(Path.Combine(directory, $"{set}-labels-idx1-ubyte.gz"), labels);
    }

    private static void WriteGzip(string path, byte[] bytes)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(bytes);
    }

    private SampleRunner.Result Run(params string[] arguments)
        => SampleRunner.Run("QuickStart", _directory, [.. arguments, "--output", Path.Combine(_directory, "out")]);
}
