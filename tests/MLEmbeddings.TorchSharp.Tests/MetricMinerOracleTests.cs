using System.Text.Json;
using MLEmbeddings.DeepMetricLearning;
using TorchSharp;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning.Tests;

/// <summary>
/// The miners return exactly the pairs and triplets (same order) that an independent loop implementation of their rules
/// (tests/fixtures/scripts/make_metric_loss_references.py) finds on fixed batches, and the obvious answer on a batch built
/// by hand.
/// </summary>
public class MetricMinerOracleTests
{
    public static TheoryData<int> Cases => new(Enumerable.Range(0, TorchFixtures.Miners.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Miner_returns_exactly_the_reference_tuples(int index)
    {
        JsonElement testCase = TorchFixtures.Miners[index];
        string description = TorchFixtures.Describe(testCase, "Miner");
        JsonElement parameters = testCase.GetProperty("Parameters");
        MetricMiner miner = testCase.GetProperty("Miner").GetString() switch
        {
            "BatchHard" => new BatchHardMiner(),
            "TripletMargin" => new TripletMarginMiner { Margin = parameters.GetProperty("Margin").GetDouble(), Type = Enum.Parse<TripletMiningType>(parameters.GetProperty("Type").GetString()!) },
            _ => new MultiSimilarityMiner { Epsilon = parameters.GetProperty("Epsilon").GetDouble() },
        };
        miner.Validate();
        using DisposeScope scope = NewDisposeScope();
        MinedTuples mined = miner.Mine(TorchFixtures.Matrix(testCase.GetProperty("Embeddings")), TorchFixtures.Labels(testCase.GetProperty("Labels")));
        if (testCase.TryGetProperty("Triplets", out JsonElement triplets))
        {
            IndexTriplets actual = Assert.IsType<IndexTriplets>(mined);
            Assert.True(Rows(actual.Anchors, actual.Positives, actual.Negatives).SequenceEqual(TorchFixtures.Tuples(triplets), TupleComparer.Instance), description);
        }
        else
        {
            IndexPairs actual = Assert.IsType<IndexPairs>(mined);
            Assert.True(Rows(actual.AnchorsOfPositives, actual.Positives).SequenceEqual(TorchFixtures.Tuples(testCase.GetProperty("PositivePairs")), TupleComparer.Instance), $"{description}: positive pairs");
            Assert.True(Rows(actual.AnchorsOfNegatives, actual.Negatives).SequenceEqual(TorchFixtures.Tuples(testCase.GetProperty("NegativePairs")), TupleComparer.Instance), $"{description}: negative pairs");
        }
    }

    [Fact]
    public void Batch_hard_picks_the_farthest_positive_and_the_closest_negative_on_a_hand_built_batch()
    {
        // Unit vectors at 0, 10 and 40 degrees (class 0) and 90, 100 degrees (class 1).
        double[] degrees = [0, 10, 40, 90, 100];
        double[] values = degrees.SelectMany(d => new[] { Math.Cos(d * Math.PI / 180), Math.Sin(d * Math.PI / 180) }).ToArray();
        using DisposeScope scope = NewDisposeScope();
        var triplets = (IndexTriplets)new BatchHardMiner().Mine(tensor(values, [5, 2]), tensor(new long[] { 0, 0, 0, 1, 1 }));
        long[][] expected = [[0, 2, 3], [1, 2, 3], [2, 0, 3], [3, 4, 2], [4, 3, 2]];
        Assert.Equal(expected, Rows(triplets.Anchors, triplets.Positives, triplets.Negatives));
    }

    [Fact]
    public void Pairs_and_triplets_convert_as_pytorch_metric_learning_does()
    {
        using DisposeScope scope = NewDisposeScope();
        var triplets = new IndexTriplets(tensor(new long[] { 0, 1 }), tensor(new long[] { 2, 3 }), tensor(new long[] { 4, 5 }));
        IndexPairs pairs = triplets.ToPairs();
        Assert.Equal([[0L, 2L], [1L, 3L]], Rows(pairs.AnchorsOfPositives, pairs.Positives));
        Assert.Equal([[0L, 4L], [1L, 5L]], Rows(pairs.AnchorsOfNegatives, pairs.Negatives));

        var fromPairs = new IndexPairs(tensor(new long[] { 0, 0, 1 }), tensor(new long[] { 1, 2, 0 }), tensor(new long[] { 0, 1, 1 }), tensor(new long[] { 3, 3, 4 })).ToTriplets();
        Assert.Equal([[0L, 1L, 3L], [0L, 2L, 3L], [1L, 0L, 3L], [1L, 0L, 4L]], Rows(fromPairs.Anchors, fromPairs.Positives, fromPairs.Negatives));
    }

    private static long[][] Rows(params Tensor[] columns)
    {
        long[][] values = columns.Select(c => c.contiguous().data<long>().ToArray()).ToArray();
        return Enumerable.Range(0, values[0].Length).Select(i => values.Select(v => v[i]).ToArray()).ToArray();
    }

    private sealed class TupleComparer : IEqualityComparer<long[]>
    {
        public static readonly TupleComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(long[] obj) => obj.Length;
    }
}
