using System.Globalization;
using MLEmbeddings.Evaluation;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Evaluation;

public class ClusteringMetricsTests
{
    public static TheoryData<string> Cases => new() { "random_5_vs_7", "noisy_10", "identical_relabelled", "one_cluster", "both_single", "singletons", "digits_knn" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mutual_information_scores_match_scikit_learn(string name)
    {
        (int[] labels, int[] clusters) = Pair(name);
        string[] expected = File.ReadLines(RepositoryFiles.Path("tests/fixtures/evaluation_mutual_information.csv")).Select(l => l.Split(',')).Single(p => p[0] == name);
        double nmi = double.Parse(expected[1], CultureInfo.InvariantCulture);
        double ami = double.Parse(expected[2], CultureInfo.InvariantCulture);
        Assert.Equal(nmi, MutualInformation.Normalized(labels, clusters), 1e-12);
        Assert.Equal(ami, MutualInformation.Adjusted(labels, clusters), 1e-10);
    }

    [Fact]
    public void Log_factorials_agree_with_direct_sums_across_the_switch_to_Stirling()
    {
        double sum = 0;
        for (int n = 1; n <= 3000; n++)
        {
            sum += Math.Log(n);
            Assert.Equal(sum, MutualInformation.LogFactorial(n), Math.Max(1e-12, sum * 1e-14));
        }
    }

    [Fact]
    public void Well_separated_clusters_recovered_by_k_means_score_one()
    {
        var mlContext = new MLContext(3);
        (float[][] rows, string[] labels) = Blobs(4, 30, 8, spread: 0.05f);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        ClusteringAgreementMetrics metrics = mlContext.Embeddings().EvaluateClustering(data);
        Assert.Equal(1.0, metrics.NormalizedMutualInformation, 9);
        Assert.Equal(1.0, metrics.AdjustedMutualInformation, 9);
        Assert.Equal((4, 120), (metrics.NumberOfClusters, metrics.RowCount));
        Assert.Contains("NMI 1.0000, AMI 1.0000", metrics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clusters_for_four_classes_match_scikit_learn_formulas_on_the_merged_labelling()
    {
        // Blobs 0 and 1 sit together, as do 2 and 3: two k-means clusters merge classes pairwise.
        var mlContext = new MLContext(3);
        (float[][] rows, string[] labels) = Blobs(4, 25, 6, spread: 0.05f);
        for (int i = 0; i < rows.Length; i++)
        {
            int blob = int.Parse(labels[i], CultureInfo.InvariantCulture);
            rows[i][0] = blob / 2 * 20f + rows[i][0] * 0.01f;
            rows[i][1] = rows[i][1] * 0.01f;
        }

        IDataView data = TestData.FromRows(mlContext, rows, labels);
        ClusteringAgreementMetrics metrics = mlContext.Embeddings().EvaluateClustering(data, new ClusteringEvaluationOptions { NumberOfClusters = 2, Seed = 5 });
        int[] classes = labels.Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        int[] merged = classes.Select(c => c / 2).ToArray();
        Assert.Equal(MutualInformation.Normalized(classes, merged), metrics.NormalizedMutualInformation, 12);
        Assert.Equal(MutualInformation.Adjusted(classes, merged), metrics.AdjustedMutualInformation, 12);
        Assert.Equal(2 * Math.Log(2) / (Math.Log(4) + Math.Log(2)), metrics.NormalizedMutualInformation, 12);
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        var mlContext = new MLContext(1);
        (float[][] rows, string[] labels) = Blobs(2, 5, 3, spread: 0.1f);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateClustering(data, labelColumnName: "Class"));
        Assert.Contains("Column 'Class' was not found", missing.Message, StringComparison.Ordinal);
        var wrongType = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateClustering(BadInput.VectorOfDouble("Features").Spoil(mlContext, data)));
        Assert.Contains("expected a known-size vector of Single", wrongType.Message, StringComparison.Ordinal);
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateClustering(data, new ClusteringEvaluationOptions { NumberOfClusters = 11 }));
        Assert.Contains("NumberOfClusters is 11, but only 10 labelled rows", tooMany.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateClustering(data, new ClusteringEvaluationOptions { NumberOfClusters = 0 }));
    }

    internal static (float[][] Rows, string[] Labels) Blobs(int classes, int perClass, int dimension, float spread)
    {
        float[][] noise = TestData.RandomRows(classes * perClass, dimension, seed: 31);
        var rows = new float[classes * perClass][];
        var labels = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int c = i % classes;
            rows[i] = noise[i].Select((v, j) => (j == c % dimension ? 10f * (1 + (c / dimension)) : 0f) + (spread * v)).ToArray();
            labels[i] = c.ToString(CultureInfo.InvariantCulture);
        }

        return (rows, labels);
    }

    private static (int[] Labels, int[] Clusters) Pair(string name)
    {
        var rows = File.ReadLines(RepositoryFiles.Path("tests/fixtures/evaluation_label_pairs.csv")).Skip(1).Select(l => l.Split(',')).Where(p => p[0] == name).ToList();
        return (rows.Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).ToArray(), rows.Select(p => int.Parse(p[2], CultureInfo.InvariantCulture)).ToArray());
    }
}
