using System.Globalization;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;

namespace MLEmbeddings.Tests.Decomposition;

/// <summary>Data and oracles of the NMF tests: planted low-rank matrices, the scikit-learn fixtures, and errors computed in double precision.</summary>
internal static class NmfTestData
{
    private static readonly Lazy<Dictionary<string, SklearnRun>> LoadedRuns = new(LoadRuns);
    private static readonly Lazy<float[][]> LoadedTfidf = new(LoadTfidf);

    /// <summary>The scikit-learn runs of <c>tests/fixtures/nmf_results.csv</c> by name.</summary>
    public static IReadOnlyDictionary<string, SklearnRun> Runs => LoadedRuns.Value;

    /// <summary>All 260 rows of the TF-IDF fixture (dense copies; rows 0..199 are fitted, 200..259 held out).</summary>
    public static float[][] Tfidf => LoadedTfidf.Value;

    /// <summary>The fixed start components of the user-components run, 6 x 64.</summary>
    public static DenseMatrix UserComponents()
        => DenseMatrix.FromRows(File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nmf_user_components.csv"))
            .Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToList());

    /// <summary>
    /// A planted product <c>X = W H</c> (plus <paramref name="noise"/> times uniform [0, 1) noise): <c>W</c> uniform [0, 1),
    /// <c>H</c> sparse-ish non-negative, so the rank-<paramref name="rank"/> factorization is essentially unique.
    /// </summary>
    public static float[][] Planted(int rows, int columns, int rank, int seed, double noise = 0)
    {
        var random = new Random(seed);
        var components = new double[rank, columns];
        for (int t = 0; t < rank; t++)
        {
            for (int j = 0; j < columns; j++)
            {
                components[t, j] = random.NextDouble() < 0.4 ? 0 : random.NextDouble();
            }
        }

        var result = new float[rows][];
        for (int i = 0; i < rows; i++)
        {
            var coefficients = Enumerable.Range(0, rank).Select(_ => random.NextDouble()).ToArray();
            result[i] = new float[columns];
            for (int j = 0; j < columns; j++)
            {
                double value = 0;
                for (int t = 0; t < rank; t++)
                {
                    value += coefficients[t] * components[t, j];
                }

                result[i][j] = (float)(value + (noise * random.NextDouble()));
            }
        }

        return result;
    }

    /// <summary><c>||X - W H||_F / ||X||_F</c> in double.</summary>
    public static double RelativeError(float[][] data, float[][] coefficients, DenseMatrix components)
    {
        double residual = 0;
        double norm = 0;
        for (int i = 0; i < data.Length; i++)
        {
            for (int j = 0; j < data[i].Length; j++)
            {
                double product = 0;
                for (int t = 0; t < components.Rows; t++)
                {
                    product += (double)coefficients[i][t] * components[t, j];
                }

                residual += (data[i][j] - product) * (data[i][j] - product);
                norm += (double)data[i][j] * data[i][j];
            }
        }

        return Math.Sqrt(residual / norm);
    }

    /// <summary>The ratio <c>|a - b| / b</c>.</summary>
    public static double RelativeDifference(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);

    private static Dictionary<string, SklearnRun> LoadRuns()
    {
        string[] lines = File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nmf_results.csv"));
        return lines.Skip(1).Select(line => line.Split(',')).Select(f => new SklearnRun(
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            int.Parse(f[5], CultureInfo.InvariantCulture),
            int.Parse(f[6], CultureInfo.InvariantCulture),
            float.Parse(f[7], CultureInfo.InvariantCulture),
            float.Parse(f[8], CultureInfo.InvariantCulture),
            float.Parse(f[9], CultureInfo.InvariantCulture),
            int.Parse(f[10], CultureInfo.InvariantCulture),
            double.Parse(f[11], CultureInfo.InvariantCulture),
            double.Parse(f[12], CultureInfo.InvariantCulture),
            f[13].Length == 0 ? double.NaN : double.Parse(f[13], CultureInfo.InvariantCulture))).ToDictionary(r => r.Name);
    }

    private static float[][] LoadTfidf()
    {
        var rows = Enumerable.Range(0, 260).Select(_ => new float[120]).ToArray();
        foreach (string line in File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nmf_tfidf.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            rows[int.Parse(f[0], CultureInfo.InvariantCulture)][int.Parse(f[1], CultureInfo.InvariantCulture)] = float.Parse(f[2], CultureInfo.InvariantCulture);
        }

        return rows;
    }
}

/// <summary>One scikit-learn run of the fixture script.</summary>
internal sealed record SklearnRun(
    string Name,
    string Data,
    string Solver,
    string BetaLoss,
    string Init,
    int Rank,
    int MaximumIterations,
    float AlphaW,
    float AlphaH,
    float L1Ratio,
    int Iterations,
    double ReconstructionError,
    double RelativeError,
    double TransformRelativeError);
