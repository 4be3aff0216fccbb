using System.Globalization;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>Data sets of the metric-learning tests: the digits split (raw and standardized) and synthetic sets.</summary>
internal static class MetricLearningData
{
    private static readonly Lazy<(float[][] Train, float[][] Test)> StandardizedDigits = new(Standardize);

    /// <summary>Training and test folds of digits, standardized with the training fold's mean and population standard deviation (scikit-learn <c>StandardScaler</c>; a constant feature keeps scale 1).</summary>
    public static (float[][] Train, float[][] Test) Digits(bool standardized)
    {
        Digits digits = TestSupport.Digits.Instance;
        return standardized ? StandardizedDigits.Value : (digits.Select(digits.TrainRows), digits.Select(digits.TestRows));
    }

    /// <summary>Labels of the training and test folds as text.</summary>
    public static (string[] Train, string[] Test) DigitLabels()
    {
        Digits digits = TestSupport.Digits.Instance;
        return (digits.LabelText(digits.TrainRows), digits.LabelText(digits.TestRows));
    }

    /// <summary>
    /// A data set where the class lives in a few informative dimensions buried among many noisy high-variance ones:
    /// <paramref name="classes"/> classes (at most 6) whose means differ only in the first 3 of <paramref name="dimension"/>
    /// dimensions (class c at +-3 on axis c mod 3), unit noise there, and noise of standard deviation 4 in the other
    /// dimensions, so Euclidean k-NN and PCA (which keeps the high-variance noise) both do poorly. Every value is then
    /// multiplied by <paramref name="scale"/>.
    /// </summary>
    public static (float[][] Rows, string[] Labels) InformativeAmongNoise(int count, int dimension, int classes, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var rows = new float[count][];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % classes;
            labels[i] = c.ToString(CultureInfo.InvariantCulture);
            rows[i] = new float[dimension];
            for (int j = 0; j < dimension; j++)
            {
                double noise = NearestNeighborOracle.Gaussian(random);
                double mean = j == c % 3 ? (c < 3 ? 3.0 : -3.0) : 0.0;
                rows[i][j] = (float)(scale * (j < 3 ? mean + noise : 4.0 * noise));
            }
        }

        return (rows, labels);
    }

    /// <summary>Held-out k-NN accuracy (uniform vote, Euclidean, ties to the smaller class) computed in double by brute force.</summary>
    public static double KnnAccuracy(float[][] train, string[] trainLabels, float[][] test, string[] testLabels, int k)
        => NearestNeighborOracle.KnnAccuracy(train, trainLabels, test, testLabels, k);

    /// <summary>The projected rows <c>L x</c> of a fitted projection for <paramref name="rows"/>, through the ML.NET transform.</summary>
    public static float[][] Project(MLContext mlContext, ITransformer projection, float[][] rows, string outputColumn = "Projected")
        => ColumnValues.Vectors(projection.Transform(TestData.FromRows(mlContext, rows)), outputColumn);

    private static (float[][] Train, float[][] Test) Standardize()
    {
        Digits digits = TestSupport.Digits.Instance;
        float[][] train = digits.Select(digits.TrainRows);
        float[][] test = digits.Select(digits.TestRows);
        int dimension = train[0].Length;
        var mean = new double[dimension];
        var scale = new double[dimension];
        for (int j = 0; j < dimension; j++)
        {
            mean[j] = train.Average(r => (double)r[j]);
            double variance = train.Average(r => (r[j] - mean[j]) * (r[j] - mean[j]));
            scale[j] = variance == 0 ? 1 : Math.Sqrt(variance);
        }

        float[][] Apply(float[][] rows) => rows.Select(r => r.Select((v, j) => (float)((v - mean[j]) / scale[j])).ToArray()).ToArray();
        return (Apply(train), Apply(test));
    }
}
