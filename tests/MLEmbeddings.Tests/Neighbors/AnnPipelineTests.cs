using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>The approximate and quantized indexes behind the k-NN trainer and the search transform, saved in the model zip.</summary>
public sealed class AnnPipelineTests
{
    public static TheoryData<string> Indexes => AnnIndexCases.All;

    [Theory]
    [MemberData(nameof(Indexes))]
    public void The_knn_trainer_passes_the_conformance_check_with_each_index(string name)
    {
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(600, 9, seed: 4);
        KNearestNeighborsPredictionTransformer model = EstimatorConformance.Check(new ConformanceCase<KNearestNeighborsPredictionTransformer>
        {
            CreateEstimator = ml => ml.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
            {
                NumberOfNeighbors = 6,
                Metric = NeighborMetric.Cosine,
                Weighting = NeighborWeighting.InverseDistance,
                Index = AnnIndexCases.Options(name),
            }),
            CreateData = ml => TestData.FromRows(ml, rows, labels),
            ExpectedOutputs = ExpectedColumn.MulticlassPrediction(3),
            BadInputs = BadInput.TrainerColumns("Features", "Label"),
        });

        // The approximate classifier agrees with the exact one on these well separated blobs.
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        uint[] exact = ColumnValues.Scalars<uint>(mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions { NumberOfNeighbors = 6, Metric = NeighborMetric.Cosine }).Fit(data).Transform(data), "PredictedLabel");
        uint[] approximate = ColumnValues.Scalars<uint>(model.Transform(data), "PredictedLabel");
        Assert.True(exact.Zip(approximate).Count(p => p.First == p.Second) >= 594, name);
    }

    [Fact]
    public void The_search_transform_with_hnsw_matches_exact_search_and_round_trips_through_the_zip()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = TestData.RandomRows(800, 10, seed: 8);
        IDataView data = TestData.FromRows(mlContext, rows);
        NearestNeighborSearchTransformer Fit(VectorIndexOptions index) => mlContext.Transforms.SearchNearestNeighbors(new NearestNeighborSearchOptions
        {
            NumberOfNeighbors = 5,
            ExcludeSelfMatches = true,
            Index = index,
        }).Fit(data);
        NearestNeighborSearchTransformer hnsw = Fit(new HnswIndexOptions { EfSearch = 200 });
        long[][] exactIds = ColumnValues.Vectors<long>(Fit(new FlatIndexOptions()).Transform(data), "NeighborIds");
        long[][] hnswIds = ColumnValues.Vectors<long>(hnsw.Transform(data), "NeighborIds");
        int same = exactIds.Zip(hnswIds).Count(p => p.First.SequenceEqual(p.Second));
        Assert.True(same >= 790, $"{same} of 800 rows have the exact neighbour list");
        Assert.All(hnswIds.Select((ids, row) => (ids, row)), p => Assert.DoesNotContain((long)p.row, p.ids));

        string path = Path.Combine(Path.GetTempPath(), $"mlemb-search-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(hnsw, data.Schema, path);
            var fresh = new MLContext(seed: 2);
            fresh.RegisterMLEmbeddings();
            ITransformer loaded = fresh.Model.Load(path, out _);
            Assert.Equal(hnswIds, ColumnValues.Vectors<long>(loaded.Transform(TestData.FromRows(fresh, rows)), "NeighborIds"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
