using System.IO.Compression;

namespace QuickStart;

/// <summary>Reads Fashion-MNIST images and labels from the original gzip-compressed IDX files.</summary>
internal static class FashionMnist
{
    /// <summary>The ten class names, in label order.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Reads at most <paramref name="limit"/> images of a set ("train" or "t10k") from <paramref name="directory"/>:
    /// pixels scaled to [0, 1] (784 per image) and class names.
    /// </summary>
    /// <exception cref="FileNotFoundException">An IDX file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not an IDX file of the expected kind.</exception>
    public static List<Image> Read(string directory, string set, int limit)
    {
        byte[] images = ReadGzip(Path.Combine(directory, $"{set}-images-idx3-ubyte.gz"));
        byte[] labels = ReadGzip(Path.Combine(directory, $"{set}-labels-idx1-ubyte.gz"));
        if (images.Length < 16 || labels.Length < 8 || BigEndian(images, 0) != 2051 || BigEndian(labels, 0) != 2049)
        {
            throw new InvalidDataException($"{directory}/{set}-*-ubyte.gz are not Fashion-MNIST IDX files.");
        }

        int count = Math.Min(limit, BigEndian(images, 4));
        int pixels = BigEndian(images, 8) * BigEndian(images, 12);
        if (pixels != Image.PixelCount || images.Length < 16 + ((long)count * pixels) || labels.Length < 8 + count || labels.AsSpan(8, count).ContainsAnyExceptInRange((byte)0, (byte)(ClassNames.Length - 1)))
        {
            throw new InvalidDataException($"{directory}/{set}-*-ubyte.gz are truncated or not 28 x 28 Fashion-MNIST images with labels 0..9.");
        }
        var result = new List<Image>(count);
        for (int i = 0; i < count; i++)
        {
            var values = new float[pixels];
            for (int p = 0; p < pixels; p++)
            {
                values[p] = images[16 + (i * pixels) + p] / 255f;
            }

            result.Add(new Image { Pixels = values, Label = ClassNames[labels[8 + i]] });
        }

        return result;
    }

    private static int BigEndian(byte[] bytes, int offset)
        => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static byte[] ReadGzip(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file not found: {path}. Pass --data with the folder holding the Fashion-MNIST IDX files.", path);
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
