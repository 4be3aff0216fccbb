using Xunit.Abstractions;
using System.Globalization;
using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>
/// NCA against scikit-learn's <c>NeighborhoodComponentsAnalysis</c> on the digits split (fixtures made by
/// tests/fixtures/scripts/make_metric_learning_fixtures.py): same data, start, iteration budget and tolerance.
/// </summary>
public class NeighborhoodComponentsOracleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("standardized", "pca")]
    [InlineData("standardized", "identity")]
    [InlineData("raw", "pca")]
    public void Objective_and_held_out_accuracy_agree_with_scikit_learn(string data, string init)
    {
        string[] expected = File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nca_digits_results.csv"))
            .Select(l => l.Split(','))
            .Single(f => f[0] == data && f[1] == init);
        double theirObjective = Number(expected[6]);
        double theirKnn1 = Number(expected[7]);
        double theirKnn5 = Number(expected[8]);

        var mlContext = new MLContext(seed: 1);
        (float[][] train, float[][] test) = MetricLearningData.Digits(data == "standardized");
        (string[] trainLabels, string[] testLabels) = MetricLearningData.DigitLabels();
        var nca = mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = "Projected",
            InputColumnName = "Features",
            Rank = 32,
            Initialization = init == "pca" ? MetricLearningInitialization.Pca : MetricLearningInitialization.Identity,
            MaximumNumberOfIterations = 50,
            Tolerance = 1e-5,
        }).Fit(TestData.FromRows(mlContext, train, trainLabels));
        float[][] projectedTrain = MetricLearningData.Project(mlContext, nca, train);
        float[][] projectedTest = MetricLearningData.Project(mlContext, nca, test);
        double knn1 = MetricLearningData.KnnAccuracy(projectedTrain, trainLabels, projectedTest, testLabels, 1);
        double knn5 = MetricLearningData.KnnAccuracy(projectedTrain, trainLabels, projectedTest, testLabels, 5);

        output.WriteLine($"{data}/{init}: objective {nca.Objective:F3} in {nca.IterationsRun} iterations (scikit-learn {theirObjective:F3} in {expected[4]}); 1-NN {knn1:F4} ({theirKnn1:F4}); 5-NN {knn5:F4} ({theirKnn5:F4})");
        Assert.True(Math.Abs(nca.Objective - theirObjective) <= 0.01 * theirObjective, $"objective {nca.Objective} vs scikit-learn {theirObjective} ({nca.IterationsRun} iterations, scikit-learn {expected[4]})");
        Assert.True(Math.Abs(knn1 - theirKnn1) <= 0.01, $"1-NN {knn1} vs scikit-learn {theirKnn1}");
        Assert.True(Math.Abs(knn5 - theirKnn5) <= 0.01, $"5-NN {knn5} vs scikit-learn {theirKnn5}");
    }

    [Fact]
    public void Pca_start_and_its_objective_agree_with_scikit_learn()
    {
        string[][] fixture = File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nca_digits_pca_start.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        double[][] components = fixture.Where(f => f[0] == "component").Select(f => f.Skip(2).Select(Number).ToArray()).ToArray();
        double theirObjective = Number(File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/nca_digits_results.csv")).Select(l => l.Split(',')).Single(f => f[0] == "standardized" && f[1] == "pca")[5]);

        var mlContext = new MLContext(seed: 1);
        (float[][] train, _) = MetricLearningData.Digits(standardized: true);
        var start = mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = "Projected",
            InputColumnName = "Features",
            Rank = 32,
            Initialization = MetricLearningInitialization.Pca,
            MaximumNumberOfIterations = 0,
        }).Fit(TestData.FromRows(mlContext, train, MetricLearningData.DigitLabels().Train));

        output.WriteLine($"objective at the PCA start {start.Objective:F4} (scikit-learn {theirObjective:F4})");
        Assert.Equal(0, start.IterationsRun);
        Assert.True(Math.Abs(start.Objective - theirObjective) <= 1e-3 * theirObjective, $"objective at the PCA start {start.Objective} vs scikit-learn {theirObjective}");

        // scikit-learn's PCA uses a randomized SVD here; the well-separated leading axes agree to 1e-3 up to sign.
        for (int k = 0; k < 10; k++)
        {
            float[] ours = start.Projection.Row(k).ToArray();
            double sign = Math.Sign(Enumerable.Range(0, ours.Length).Sum(j => ours[j] * components[k][j]));
            for (int j = 0; j < ours.Length; j++)
            {
                Assert.True(Math.Abs((sign * ours[j]) - components[k][j]) <= 1e-3, $"component {k}, value {j}: {ours[j]} vs {components[k][j]}");
            }
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
