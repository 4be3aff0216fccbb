using System.Globalization;

namespace MLEmbeddings.TestSupport;

/// <summary>
/// scikit-learn's digits data set (1,797 8x8 images, pixel counts 0..16) with its fixed stratified 75/25 split,
/// read from <c>samples/data/digits.csv</c> (written by <c>tests/fixtures/scripts/make_knn_fixtures.py</c>).
/// </summary>
public sealed class Digits
{
    private static readonly Lazy<Digits> Loaded = new(Load);

    private Digits(float[][] features, int[] labels, bool[] isTest)
    {
        Features = features;
        Labels = labels;
        IsTest = isTest;
    }

    /// <summary>The data set (read once per test run).</summary>
    public static Digits Instance => Loaded.Value;

    /// <summary>All 1,797 rows of 64 features.</summary>
    public float[][] Features { get; }

    /// <summary>The digit 0..9 of each row.</summary>
    public int[] Labels { get; }

    /// <summary>Whether each row is in the test fold.</summary>
    public bool[] IsTest { get; }

    /// <summary>The original row numbers of the training fold, in order.</summary>
    public int[] TrainRows => Enumerable.Range(0, Labels.Length).Where(i => !IsTest[i]).ToArray();

    /// <summary>The original row numbers of the test fold, in order.</summary>
    public int[] TestRows => Enumerable.Range(0, Labels.Length).Where(i => IsTest[i]).ToArray();

    /// <summary>The features of the given rows.</summary>
    public float[][] Select(int[] rows) => rows.Select(i => Features[i]).ToArray();

    /// <summary>The labels of the given rows as text ("0".."9"), for <c>MapValueToKey</c>.</summary>
    public string[] LabelText(int[] rows) => rows.Select(i => Labels[i].ToString(CultureInfo.InvariantCulture)).ToArray();

    private static Digits Load()
    {
        string[] lines = File.ReadAllLines(RepositoryFiles.Path("samples/data/digits.csv"));
        var features = new float[lines.Length - 1][];
        var labels = new int[lines.Length - 1];
        var isTest = new bool[lines.Length - 1];
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            labels[i - 1] = int.Parse(fields[0], CultureInfo.InvariantCulture);
            isTest[i - 1] = fields[1] == "test";
            features[i - 1] = fields.Skip(2).Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        }

        return new Digits(features, labels, isTest);
    }
}
