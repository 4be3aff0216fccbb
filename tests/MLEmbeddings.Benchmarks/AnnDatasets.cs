using System.IO.Compression;

namespace MLEmbeddings.Benchmarks;

/// <summary>The data sets of the <c>ann</c> comparison: Fashion-MNIST (Debian dataset-fashion-mnist) and seeded clustered Gaussians.</summary>
public static class AnnDatasets
{
    /// <summary>The Debian package's folder of the Fashion-MNIST idx files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST 60,000 training and 10,000 test images as 784 floats in [0, 1] (pixel / 255).</summary>
    public static (float[] Train, float[] Test) FashionMnist()
    {
        if (!File.Exists(Path.Combine(FashionMnistDirectory, "train-images-idx3-ubyte.gz")))
        {
            PeerProcess.EnsurePeers("dataset-fashion-mnist");
        }

        return (ReadImages(Path.Combine(FashionMnistDirectory, "train-images-idx3-ubyte.gz")), ReadImages(Path.Combine(FashionMnistDirectory, "t10k-images-idx3-ubyte.gz")));
    }

    /// <summary>
    /// <paramref name="rows"/> x <paramref name="dimension"/> points around <paramref name="clusters"/> centres drawn
    /// uniformly in [-1, 1]^d, each point a centre plus Gaussian noise of standard deviation <paramref name="spread"/>
    /// (Box-Muller on a seeded <see cref="Random"/>); the cluster of point i is drawn at random.
    /// </summary>
    public static float[] Clustered(int rows, int dimension, int clusters, float spread, int seed, int centreSeed)
    {
        var centreRandom = new Random(centreSeed);
        var centres = new float[clusters * dimension];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (centreRandom.NextSingle() * 2f) - 1f;
        }

        var random = new Random(seed);
        var values = new float[checked(rows * dimension)];
        for (int r = 0; r < rows; r++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < dimension; j++)
            {
                double u = 1.0 - random.NextDouble();
                double v = random.NextDouble();
                double gaussian = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
                values[(r * dimension) + j] = centres[(c * dimension) + j] + (float)(spread * gaussian);
            }
        }

        return values;
    }

    private static float[] ReadImages(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        int count = (bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7];
        int pixels = ((bytes[8] << 24) | (bytes[9] << 16) | (bytes[10] << 8) | bytes[11]) * ((bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15]);
        var values = new float[count * pixels];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = bytes[16 + i] / 255f;
        }

        return values;
    }
}
