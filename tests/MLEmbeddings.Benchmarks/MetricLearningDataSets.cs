using System.Globalization;
using System.IO.Compression;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>A labelled training and test set for the metric-learning comparisons.</summary>
/// <param name="Name">Name printed in the tables.</param>
/// <param name="Train">Training rows, row-major.</param>
/// <param name="TrainLabels">Training labels.</param>
/// <param name="Test">Held-out rows, row-major.</param>
/// <param name="TestLabels">Held-out labels.</param>
/// <param name="Dimension">Values per row.</param>
public sealed record MetricLearningDataSet(string Name, float[] Train, int[] TrainLabels, float[] Test, int[] TestLabels, int Dimension)
{
    /// <summary>Training rows.</summary>
    public int TrainCount => TrainLabels.Length;

    /// <summary>The first <paramref name="count"/> training rows (same test set).</summary>
    public MetricLearningDataSet Head(int count) => this with
    {
        Name = $"{Name} n={count}",
        Train = Train[..(count * Dimension)],
        TrainLabels = TrainLabels[..count],
    };
}

/// <summary>The data of the metric-learning comparisons: standardized digits and Fashion-MNIST reduced by PCA.</summary>
public static class MetricLearningDataSets
{
    /// <summary>Values per digits row (8 x 8 pixels).</summary>
    public const int DigitsDimension = 64;

    /// <summary>scikit-learn's digits with the shipped split (samples/data/digits.csv), standardized with the training fold's mean and population standard deviation.</summary>
    public static MetricLearningDataSet Digits()
    {
        (float[] values, int[] labels, int[] shippedTrain, int[] shippedTest) = DigitsRows();
        return Standardized("digits", values, labels, DigitsDimension, shippedTrain, shippedTest);
    }

    /// <summary>All 1,797 rows of samples/data/digits.csv, unscaled (row-major, 64 values each), their labels, and the row indices of the shipped training and test folds (ascending).</summary>
    public static (float[] Values, int[] Labels, int[] ShippedTrain, int[] ShippedTest) DigitsRows()
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(PeerProcess.PeersDirectory)))!, "samples", "data", "digits.csv");
        string[][] lines = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        float[] values = lines.SelectMany(f => f.Skip(2).Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        int[] labels = lines.Select(f => int.Parse(f[0], CultureInfo.InvariantCulture)).ToArray();
        int[] Fold(string name) => Enumerable.Range(0, lines.Length).Where(i => lines[i][1] == name).ToArray();
        return (values, labels, Fold("train"), Fold("test"));
    }

    /// <summary>
    /// The rows <paramref name="trainIndices"/> and <paramref name="testIndices"/> of <paramref name="values"/>, standardized
    /// with the training rows' mean and population standard deviation per column (1 for a constant column), as
    /// scikit-learn's <c>StandardScaler</c> fitted on the training fold.
    /// </summary>
    public static MetricLearningDataSet Standardized(string name, float[] values, int[] labels, int dimension, int[] trainIndices, int[] testIndices)
    {
        float[] Gather(int[] indices) => indices.SelectMany(i => values.AsSpan(i * dimension, dimension).ToArray()).ToArray();
        float[] trainValues = Gather(trainIndices);
        float[] testValues = Gather(testIndices);
        int trainCount = trainIndices.Length;
        for (int j = 0; j < dimension; j++)
        {
            double mean = 0, squares = 0;
            for (int i = 0; i < trainCount; i++)
            {
                mean += trainValues[(i * dimension) + j];
            }

            mean /= trainCount;
            for (int i = 0; i < trainCount; i++)
            {
                squares += (trainValues[(i * dimension) + j] - mean) * (trainValues[(i * dimension) + j] - mean);
            }

            double scale = squares == 0 ? 1 : Math.Sqrt(squares / trainCount);
            foreach (float[] fold in new[] { trainValues, testValues })
            {
                for (int i = j; i < fold.Length; i += dimension)
                {
                    fold[i] = (float)((fold[i] - mean) / scale);
                }
            }
        }

        return new MetricLearningDataSet(name, trainValues, trainIndices.Select(i => labels[i]).ToArray(), testValues, testIndices.Select(i => labels[i]).ToArray(), dimension);
    }

    /// <summary>
    /// <paramref name="count"/> seeded stratified random splits of rows with the given <paramref name="labels"/>: each
    /// class gives its share of the <paramref name="testCount"/> test rows (proportional, largest remainders first, ties
    /// to the smaller class), drawn by a Fisher-Yates shuffle seeded with <c><paramref name="seed"/> + split</c>; both
    /// index lists ascending.
    /// </summary>
    public static List<(int[] Train, int[] Test)> StratifiedSplits(int[] labels, int testCount, int count, int seed)
    {
        int[] classes = labels.Distinct().Order().ToArray();
        int[] sizes = classes.Select(c => labels.Count(l => l == c)).ToArray();
        double[] shares = sizes.Select(s => s * (double)testCount / labels.Length).ToArray();
        int[] quotas = shares.Select(s => (int)Math.Floor(s)).ToArray();
        foreach (int c in Enumerable.Range(0, classes.Length).OrderByDescending(c => shares[c] - quotas[c]).ThenBy(c => c).Take(testCount - quotas.Sum()))
        {
            quotas[c]++;
        }

        var splits = new List<(int[] Train, int[] Test)>();
        for (int split = 0; split < count; split++)
        {
            var random = new Random(seed + split);
            var test = new List<int>();
            for (int c = 0; c < classes.Length; c++)
            {
                int[] members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == classes[c]).ToArray();
                random.Shuffle(members);
                test.AddRange(members.Take(quotas[c]));
            }

            var isTest = new bool[labels.Length];
            test.ForEach(i => isTest[i] = true);
            splits.Add((Enumerable.Range(0, labels.Length).Where(i => !isTest[i]).ToArray(), test.Order().ToArray()));
        }

        return splits;
    }

    /// <summary>
    /// The first <paramref name="trainCount"/> Fashion-MNIST training images and the first <paramref name="testCount"/> test
    /// images (Debian dataset-fashion-mnist), pixels scaled to [0, 1], projected on the 64 leading principal axes of the
    /// training images (centred).
    /// </summary>
    public static MetricLearningDataSet FashionMnist(int trainCount, int testCount, int dimension = 64)
    {
        const string folder = "/usr/share/datasets/fashion-mnist";
        (float[] train, int pixels) = ReadImages(Path.Combine(folder, "train-images-idx3-ubyte.gz"), trainCount);
        (float[] test, _) = ReadImages(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), testCount);
        int[] trainLabels = ReadLabels(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), trainCount);
        int[] testLabels = ReadLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), testCount);

        var mean = new double[pixels];
        for (int i = 0; i < trainCount; i++)
        {
            for (int j = 0; j < pixels; j++)
            {
                mean[j] += train[(i * pixels) + j] / trainCount;
            }
        }

        foreach (float[] values in new[] { train, test })
        {
            for (int k = 0; k < values.Length; k++)
            {
                values[k] -= (float)mean[k % pixels];
            }
        }

        var covariance = new float[pixels * pixels];
        Gemm.Multiply(new ReadOnlyMatrixView(train, trainCount, pixels), true, new ReadOnlyMatrixView(train, trainCount, pixels), false, new MatrixView(covariance, pixels, pixels));
        for (int i = 0; i < pixels; i++)
        {
            for (int j = 0; j < i; j++)
            {
                covariance[(i * pixels) + j] = covariance[(j * pixels) + i] = (covariance[(i * pixels) + j] + covariance[(j * pixels) + i]) / 2;
            }
        }

        DenseMatrix axes = SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(covariance, pixels, pixels), dimension).Eigenvectors;
        float[] Project(float[] values, int count)
        {
            var projected = new float[count * dimension];
            Gemm.MultiplyTransposed(new ReadOnlyMatrixView(values, count, pixels), axes.AsView(), new MatrixView(projected, count, dimension));
            return projected;
        }

        return new MetricLearningDataSet($"fashion-mnist-pca{dimension}", Project(train, trainCount), trainLabels, Project(test, testCount), testLabels, dimension);
    }

    /// <summary>The first <paramref name="trainCount"/> Fashion-MNIST training images and the first <paramref name="testCount"/> test images (Debian dataset-fashion-mnist), 784 pixels scaled to [0, 1], no projection.</summary>
    public static MetricLearningDataSet FashionMnistPixels(int trainCount, int testCount)
    {
        const string folder = "/usr/share/datasets/fashion-mnist";
        (float[] train, int pixels) = ReadImages(Path.Combine(folder, "train-images-idx3-ubyte.gz"), trainCount);
        (float[] test, _) = ReadImages(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), testCount);
        return new MetricLearningDataSet(
            "fashion-mnist-pixels",
            train,
            ReadLabels(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), trainCount),
            test,
            ReadLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), testCount),
            pixels);
    }

    /// <summary>Held-out k-NN accuracy (uniform vote, ties to the smaller class) of <paramref name="set"/> after <c>y = L x</c>.</summary>
    public static double KnnAccuracy(MetricLearningDataSet set, DenseMatrix projection, int k)
    {
        float[] Project(float[] values, int count)
        {
            var projected = new float[count * projection.Rows];
            Gemm.MultiplyTransposed(new ReadOnlyMatrixView(values, count, set.Dimension), projection.AsView(), new MatrixView(projected, count, projection.Rows));
            return projected;
        }

        int rank = projection.Rows;
        float[] train = Project(set.Train, set.TrainCount);
        float[] test = Project(set.Test, set.TestLabels.Length);
        var ids = new int[set.TestLabels.Length * k];
        var scores = new float[ids.Length];
        ExactNearestNeighbors.SearchOnce(new ReadOnlyMatrixView(train, set.TrainCount, rank), DistanceMetric.SquaredEuclidean, new ReadOnlyMatrixView(test, set.TestLabels.Length, rank), k, ids, scores);
        int correct = 0;
        for (int q = 0; q < set.TestLabels.Length; q++)
        {
            int predicted = ids.AsSpan(q * k, k).ToArray().GroupBy(id => set.TrainLabels[id]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            correct += predicted == set.TestLabels[q] ? 1 : 0;
        }

        return correct / (double)set.TestLabels.Length;
    }

    private static (float[] Values, int Pixels) ReadImages(string path, int count)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(stream);
        int[] header = Enumerable.Range(0, 4).Select(_ => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(reader.ReadInt32())).ToArray();
        int pixels = header[2] * header[3];
        byte[] bytes = reader.ReadBytes(count * pixels);
        return (bytes.Select(b => b / 255f).ToArray(), pixels);
    }

    private static int[] ReadLabels(string path, int count)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(stream);
        reader.ReadBytes(8);
        return reader.ReadBytes(count).Select(b => (int)b).ToArray();
    }
}
