using System.Globalization;
using MLEmbeddings.Evaluation;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Evaluation;

public class EmbeddingQualityTests
{
    [Fact]
    public void RankMe_of_a_planted_rank_r_embedding_is_close_to_r()
    {
        // Rows in a random 5-dimensional subspace of a 32-dimensional space, equal spread in each direction.
        const int Rank = 5;
        float[][] basis = TestData.RandomRows(Rank, 32, seed: 3);
        float[][] coefficients = TestData.RandomRows(400, Rank, seed: 4);
        float[][] rows = coefficients.Select(c => Enumerable.Range(0, 32).Select(j => Enumerable.Range(0, Rank).Sum(t => c[t] * basis[t][j])).ToArray()).ToArray();
        var mlContext = new MLContext(1);
        EmbeddingQualityMetrics metrics = mlContext.Embeddings().EvaluateQuality(TestData.FromRows(mlContext, rows));
        Assert.InRange(metrics.EffectiveRank, Rank - 1.0, Rank + 0.05);
        Assert.Null(metrics.Alignment);

        float[][] full = TestData.RandomRows(400, 32, seed: 5);
        Assert.True(mlContext.Embeddings().EvaluateQuality(TestData.FromRows(mlContext, full)).EffectiveRank > 25);
    }

    [Fact]
    public void Alignment_uniformity_norm_and_hubness_match_brute_force_double_precision()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(120, 4, seed: 8);
        rows[3] = rows[3].Select(v => v * 10).ToArray();
        int[] labels = Enumerable.Range(0, 120).Select(i => i % 3).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows, labels.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
        EmbeddingQualityMetrics metrics = mlContext.Embeddings().EvaluateQuality(data, new EmbeddingQualityOptions { LabelColumnName = "Label", HubnessNeighbors = 5 });

        double[][] unit = rows.Select(r => { double n = Math.Sqrt(r.Sum(v => (double)v * v)); return r.Select(v => v / n).ToArray(); }).ToArray();
        double alignment = 0;
        int positives = 0;
        double uniformity = 0;
        int pairs = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = i + 1; j < rows.Length; j++)
            {
                double squared = unit[i].Zip(unit[j], (a, b) => (a - b) * (a - b)).Sum();
                uniformity += Math.Exp(-2 * squared);
                pairs++;
                if (labels[i] == labels[j])
                {
                    alignment += squared;
                    positives++;
                }
            }
        }

        Assert.Equal(alignment / positives, metrics.Alignment!.Value, 1e-5);
        Assert.Equal(Math.Log(uniformity / pairs), metrics.Uniformity, 1e-5);
        Assert.Equal(rows.Average(r => Math.Sqrt(r.Sum(v => (double)v * v))), metrics.MeanNorm, 1e-5);

        var occurrences = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            foreach (int j in Enumerable.Range(0, rows.Length).Where(j => j != i).OrderBy(j => rows[i].Zip(rows[j], (a, b) => ((double)a - b) * (a - b)).Sum()).ThenBy(j => j).Take(5))
            {
                occurrences[j]++;
            }
        }

        double mean = occurrences.Average();
        double m2 = occurrences.Average(o => Math.Pow(o - mean, 2));
        double m3 = occurrences.Average(o => Math.Pow(o - mean, 3));
        Assert.Equal(m3 / Math.Pow(m2, 1.5), metrics.Hubness, 1e-9);
        Assert.Equal((120, 4, 5), (metrics.RowCount, metrics.Dimension, metrics.HubnessNeighbors));
        Assert.Contains("Hubness (k = 5  )", metrics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Uniformity_on_a_sample_is_reproducible_with_the_seed_and_close_to_the_full_value()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(600, 3, seed: 2));
        EmbeddingQualityMetrics full = mlContext.Embeddings().EvaluateQuality(data);
        var options = new EmbeddingQualityOptions { UniformitySampleSize = 200, Seed = 4 };
        EmbeddingQualityMetrics sampled = mlContext.Embeddings().EvaluateQuality(data, options);
        Assert.Equal(sampled.Uniformity, mlContext.Embeddings().EvaluateQuality(data, options).Uniformity);
        Assert.Equal(full.Uniformity, sampled.Uniformity, 0.1);
        Assert.NotEqual(full.Uniformity, sampled.Uniformity);
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(8, 3, seed: 2), ["a", "a", "b", "b", "a", "b", "a", "b"]);
        Assert.Contains("Column 'Class' was not found", Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateQuality(data, labelColumnName: "Class")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a known-size vector of Single", Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateQuality(BadInput.VectorOfDouble("Features").Spoil(mlContext, data))).Message, StringComparison.Ordinal);
        Assert.Contains("HubnessNeighbors is 8, but each row has only 7 other rows", Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateQuality(data, new EmbeddingQualityOptions { HubnessNeighbors = 8 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateQuality(data, new EmbeddingQualityOptions { UniformityTemperature = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Embeddings().EvaluateQuality(data, new EmbeddingQualityOptions { RankMeEpsilon = double.NaN }));
    }
}
