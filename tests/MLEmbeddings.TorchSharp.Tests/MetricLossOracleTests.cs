using System.Text.Json;
using MLEmbeddings.DeepMetricLearning;
using TorchSharp;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// Every loss, on fixed small batches (12 x 5 and 8 x 3, raw unnormalised embeddings) and with several margins /
/// temperatures, against the value and the autograd gradients of an independent per-anchor implementation in Debian's
/// python3-torch (tests/fixtures/scripts/make_metric_loss_references.py), computed here in float64.
/// </summary>
public class MetricLossOracleTests
{
    public static TheoryData<int> Cases => new(Enumerable.Range(0, TorchFixtures.Losses.Count));

    [Fact]
    public void The_fixture_covers_every_loss_with_two_settings_on_two_batches()
    {
        var counts = TorchFixtures.Losses.GroupBy(c => c.GetProperty("Loss").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(["ArcFace", "Contrastive", "MultiSimilarity", "NormalizedSoftmax", "ProxyAnchor", "SupervisedContrastive", "Triplet"], counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.True(count >= 4));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_value_and_gradients_match_torch_autograd(int index)
    {
        JsonElement testCase = TorchFixtures.Losses[index];
        string description = TorchFixtures.Describe(testCase, "Loss");
        MetricLoss loss = CreateLoss(testCase.GetProperty("Loss").GetString()!, testCase.GetProperty("Parameters"));
        loss.Validate();
        using DisposeScope scope = NewDisposeScope();
        Tensor embeddings = TorchFixtures.Matrix(testCase.GetProperty("Embeddings"), requiresGradient: true);
        Tensor labels = TorchFixtures.Labels(testCase.GetProperty("Labels"));
        Tensor? classVectors = testCase.GetProperty("ClassVectors").ValueKind == JsonValueKind.Null ? null : TorchFixtures.Matrix(testCase.GetProperty("ClassVectors"), requiresGradient: true);
        Assert.Equal(classVectors is not null, loss.LearnsClassVectors);

        Tensor value = loss.Compute(embeddings, labels, null, classVectors);
        value.backward();

        double expected = testCase.GetProperty("Value").GetDouble();
        Assert.True(Math.Abs(value.item<double>() - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{description}: loss {value.item<double>():R}, torch {expected:R}");
        AssertClose(testCase.GetProperty("EmbeddingGradient"), embeddings.grad!, $"{description}: embedding gradient");
        if (classVectors is not null)
        {
            AssertClose(testCase.GetProperty("ClassVectorGradient"), classVectors.grad!, $"{description}: class-vector gradient");
        }
    }

    internal static MetricLoss CreateLoss(string name, JsonElement parameters)
    {
        double Get(string key) => parameters.GetProperty(key).GetDouble();
        MetricDistance Distance() => parameters.GetProperty("Distance").GetString() == "Cosine" ? new CosineSimilarity() : new EuclideanDistance();
        return name switch
        {
            "Contrastive" => new ContrastiveLoss { PositiveMargin = Get("PositiveMargin"), NegativeMargin = Get("NegativeMargin"), Distance = Distance() },
            "Triplet" => new TripletMarginLoss { Margin = Get("Margin"), Distance = Distance() },
            "MultiSimilarity" => new MultiSimilarityLoss { Alpha = Get("Alpha"), Beta = Get("Beta"), Base = Get("Base") },
            "ProxyAnchor" => new ProxyAnchorLoss { Margin = Get("Margin"), Alpha = Get("Alpha") },
            "NormalizedSoftmax" => new NormalizedSoftmaxLoss { Temperature = Get("Temperature") },
            "ArcFace" => new ArcFaceLoss { Margin = Get("Margin"), Scale = Get("Scale") },
            "SupervisedContrastive" => new SupervisedContrastiveLoss { Temperature = Get("Temperature") },
            _ => throw new ArgumentException($"Unknown loss '{name}' in the fixture.", nameof(name)),
        };
    }

    private static void AssertClose(JsonElement expectedRows, Tensor actual, string what)
    {
        double[][] expected = expectedRows.Deserialize<double[][]>()!;
        double[] values = actual.contiguous().data<double>().ToArray();
        double scale = Math.Max(1e-3, expected.SelectMany(row => row).Max(Math.Abs));
        int columns = expected[0].Length;
        Assert.Equal(expected.Length * columns, values.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                Assert.True(Math.Abs(values[(i * columns) + j] - expected[i][j]) <= 1e-9 * scale, $"{what} [{i}, {j}]: {values[(i * columns) + j]:R}, torch {expected[i][j]:R}");
            }
        }
    }
}
