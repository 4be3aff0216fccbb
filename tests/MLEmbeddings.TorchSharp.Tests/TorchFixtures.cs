using System.Text.Json;
using MLEmbeddings.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>Reads the loss and miner references written by tests/fixtures/scripts/make_metric_loss_references.py.</summary>
internal static class TorchFixtures
{
    private static readonly Lazy<JsonElement[]> LossCases = new(() => Load("metric_losses.json"));
    private static readonly Lazy<JsonElement[]> MinerCases = new(() => Load("metric_miners.json"));

    /// <summary>The loss cases.</summary>
    public static IReadOnlyList<JsonElement> Losses => LossCases.Value;

    /// <summary>The miner cases.</summary>
    public static IReadOnlyList<JsonElement> Miners => MinerCases.Value;

    /// <summary>A float64 <c>rows x columns</c> tensor from a JSON array of arrays.</summary>
    public static Tensor Matrix(JsonElement rows, bool requiresGradient = false)
    {
        double[][] values = rows.Deserialize<double[][]>()!;
        return tensor(values.SelectMany(row => row).ToArray(), [values.Length, values[0].Length], requires_grad: requiresGradient);
    }

    /// <summary>The labels as an int64 tensor.</summary>
    public static Tensor Labels(JsonElement labels) => tensor(labels.Deserialize<long[]>()!);

    /// <summary>A JSON array of int arrays (tuples), as lists of tuples.</summary>
    public static long[][] Tuples(JsonElement tuples) => tuples.Deserialize<long[][]>()!;

    /// <summary>A description of a case for assertion messages.</summary>
    public static string Describe(JsonElement testCase, string kindProperty)
        => $"{testCase.GetProperty(kindProperty).GetString()} on batch {testCase.GetProperty("Batch").GetString()} with {testCase.GetProperty("Parameters")}";

    private static JsonElement[] Load(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path($"tests/fixtures/torch/{file}")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(element => element.Clone()).ToArray();
    }
}
