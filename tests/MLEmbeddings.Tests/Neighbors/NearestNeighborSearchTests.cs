using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Neighbors;

public class NearestNeighborSearchTests
{
    [Theory]
    [InlineData(NeighborMetric.Euclidean, "euclidean")]
    [InlineData(NeighborMetric.Cosine, "cosine")]
    [InlineData(NeighborMetric.InnerProduct, "inner")]
    public void Ids_and_scores_match_brute_force(NeighborMetric metric, string oracleMetric)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] corpus = TestData.RandomRows(400, 6, seed: 21);
        float[][] queries = TestData.RandomRows(37, 6, seed: 22);
        var search = mlContext.Transforms.SearchNearestNeighbors(inputColumnName: "Features", numberOfNeighbors: 5, metric: metric)
            .Fit(TestData.FromRows(mlContext, corpus));
        IDataView result = search.Transform(TestData.FromRows(mlContext, queries));
        long[][] ids = ColumnValues.Vectors<long>(result, "NeighborIds");
        float[][] scores = ColumnValues.Vectors(result, "NeighborScores");
        for (int q = 0; q < queries.Length; q++)
        {
            var expected = NeighborTestData.BruteForce(corpus, queries[q], oracleMetric, 5);
            Assert.Equal(expected.Select(e => (long)e.Id), ids[q]);
            Assert.Equal(expected.Select(e => e.Score), scores[q].Select(s => (double)s), new ToleranceComparer(1e-4));
        }

        Assert.Equal((400, 6, 5), (search.Count, search.Dimension, search.NumberOfNeighbors));
    }

    [Fact]
    public void Excluding_self_matches_skips_identical_corpus_rows_including_duplicates()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] corpus = TestData.RandomRows(60, 4, seed: 5);
        corpus[10] = (float[])corpus[3].Clone();
        corpus[11] = (float[])corpus[3].Clone();
        var search = mlContext.Transforms.SearchNearestNeighbors(new NearestNeighborSearchOptions { NumberOfNeighbors = 3, ExcludeSelfMatches = true })
            .Fit(TestData.FromRows(mlContext, corpus));
        long[][] ids = ColumnValues.Vectors<long>(search.Transform(TestData.FromRows(mlContext, corpus)), "NeighborIds");
        for (int q = 0; q < corpus.Length; q++)
        {
            var expected = NeighborTestData.BruteForce(corpus, corpus[q], "euclidean", corpus.Length)
                .Where(e => !corpus[e.Id].SequenceEqual(corpus[q]))
                .Take(3)
                .Select(e => (long)e.Id);
            Assert.Equal(expected, ids[q]);
        }

        Assert.DoesNotContain(ids[3], id => id is 3 or 10 or 11);
    }

    [Fact]
    public void Excluding_self_matches_pads_when_no_other_row_exists()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] corpus = [[1, 2], [1, 2], [3, 4]];
        var search = mlContext.Transforms.SearchNearestNeighbors(new NearestNeighborSearchOptions { NumberOfNeighbors = 3, ExcludeSelfMatches = true, Metric = NeighborMetric.Cosine })
            .Fit(TestData.FromRows(mlContext, corpus));
        IDataView result = search.Transform(TestData.FromRows(mlContext, [[2f, 4f]]));
        Assert.Equal([2L, -1L, -1L], ColumnValues.Vectors<long>(result, "NeighborIds")[0]);
        Assert.Equal(float.NegativeInfinity, ColumnValues.Vectors(result, "NeighborScores")[0][2]);
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        float[][] corpus = TestData.RandomRows(500, 8, seed: 2);
        EstimatorConformance.Check(new ConformanceCase<NearestNeighborSearchTransformer>
        {
            CreateEstimator = ml => ml.Transforms.SearchNearestNeighbors("Ids", "Scores", "Features", numberOfNeighbors: 4, metric: NeighborMetric.Cosine),
            CreateData = ml => TestData.FromRows(ml, corpus),
            ExpectedOutputs =
            [
                new ExpectedColumn("Ids", new VectorDataViewType(NumberDataViewType.Int64, 4)),
                new ExpectedColumn("Scores", new VectorDataViewType(NumberDataViewType.Single, 4)),
            ],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
