using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Neighbors;

public class KNearestNeighborsTests
{
    private sealed class Input
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void One_nearest_neighbour_reproduces_the_training_labels()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = TestData.RandomRows(500, 7, seed: 3);
        string[] labels = rows.Select((_, i) => (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        IDataView scored = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(data).Transform(data);
        Assert.Equal(ColumnValues.Scalars<uint>(data, "Label"), ColumnValues.Scalars<uint>(scored, "PredictedLabel"));
    }

    [Fact]
    public void Evaluate_and_MapKeyToValue_work_on_the_output()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(300, 6, seed: 5);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        var pipeline = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 3)
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));
        IDataView scored = pipeline.Fit(data).Transform(data);

        var metrics = mlContext.MulticlassClassification.Evaluate(scored);
        string[] predicted = ColumnValues.AsText(scored, "PredictedText");
        double accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
        Assert.Equal(accuracy, metrics.MicroAccuracy, 10);
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        Assert.Equal(["a", "b", "c"], ColumnValues.AnnotationText(scored.Schema["Score"], "SlotNames")!.Split('|'));
    }

    [Fact]
    public void Scores_are_the_same_with_one_and_two_threads()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(900, 12, seed: 8);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        float[][] Score(int threads) => ColumnValues.Vectors(
            mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
            {
                NumberOfNeighbors = 7,
                Weighting = NeighborWeighting.InverseDistance,
                MaxDegreeOfParallelism = threads,
            }).Fit(data).Transform(data),
            "Score");
        Assert.Equal(Score(1), Score(2));
    }

    [Fact]
    public void Inverse_distance_lets_exact_matches_vote_alone()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] train = [[0, 0], [0, 0], [1, 0], [0, 1], [1, 1]];
        IDataView data = TestData.FromRows(mlContext, train, ["x", "y", "z", "z", "z"]);
        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
        {
            NumberOfNeighbors = 5,
            Weighting = NeighborWeighting.InverseDistance,
        }).Fit(data);
        float[] score = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, [[0f, 0f], [2f, 2f]])), "Score")[0];
        Assert.Equal([0.5f, 0.5f, 0f], score);

        // Away from the training rows the weights are 1/d: d = sqrt(8) twice, sqrt(5) twice, sqrt(2).
        float[] far = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, [[2f, 2f]])), "Score")[0];
        double x = 1 / Math.Sqrt(8), z = (2 / Math.Sqrt(5)) + (1 / Math.Sqrt(2));
        double total = x + x + z;
        Assert.Equal(x / total, far[0], 5);
        Assert.Equal(z / total, far[2], 5);
    }

    [Fact]
    public void Softmax_weights_follow_the_closed_form()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.FromRows(mlContext, [[1, 0], [0, 1], [-1, 0]], ["a", "b", "c"]);
        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
        {
            NumberOfNeighbors = 3,
            Metric = NeighborMetric.Cosine,
            Weighting = NeighborWeighting.Softmax,
            Temperature = 0.5f,
        }).Fit(data);
        float[] score = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, [[3f, 4f]])), "Score")[0];
        double[] similarities = [0.6, 0.8, -0.6];
        double[] weights = similarities.Select(s => Math.Exp(s / 0.5)).ToArray();
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(weights[c] / weights.Sum(), score[c], 5);
        }
    }

    [Theory]
    [InlineData(NeighborMetric.Euclidean, "euclidean")]
    [InlineData(NeighborMetric.Cosine, "cosine")]
    [InlineData(NeighborMetric.InnerProduct, "inner")]
    public void FindNeighbors_answers_kneighbors_queries(NeighborMetric metric, string oracleMetric)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] train = TestData.RandomRows(200, 5, seed: 11);
        float[][] queries = TestData.RandomRows(20, 5, seed: 12);
        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions { Metric = metric, NumberOfNeighbors = 4 })
            .Fit(TestData.FromRows(mlContext, train, train.Select((_, i) => (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())).Model;
        NeighborSearchResult result = model.FindNeighbors(new ReadOnlyMatrixView(queries.SelectMany(q => q).ToArray(), 20, 5));
        for (int q = 0; q < 20; q++)
        {
            var expected = NeighborTestData.BruteForce(train, queries[q], oracleMetric, 4);
            Assert.Equal(expected.Select(e => e.Id), result.Ids(q).ToArray());
            for (int j = 0; j < 4; j++)
            {
                double distance = metric switch
                {
                    NeighborMetric.Euclidean => Math.Sqrt(expected[j].Score),
                    NeighborMetric.Cosine => 1 - expected[j].Score,
                    _ => -expected[j].Score,
                };
                Assert.Equal(distance, result.Distances(q)[j], 4);
            }
        }

        Assert.Equal((2, 200, 5, metric), (model.NumberOfClasses, model.Count, model.Dimension, model.Metric));
    }

    [Fact]
    public void PredictionEngine_scores_one_row_like_the_batched_transform()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(120, 4, seed: 2);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 5).Fit(data);
        float[][] batch = ColumnValues.Vectors(model.Transform(data), "Score");
        var engine = mlContext.Model.CreatePredictionEngine<Input, Output>(model);
        for (int i = 0; i < rows.Length; i += 17)
        {
            Output single = engine.Predict(new Input { Features = rows[i] });
            Assert.Equal(batch[i], single.Score);
        }
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(600, 9, seed: 4);
        EstimatorConformance.Check(new ConformanceCase<KNearestNeighborsPredictionTransformer>
        {
            CreateEstimator = ml => ml.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions { NumberOfNeighbors = 6, Metric = NeighborMetric.Cosine, Weighting = NeighborWeighting.InverseDistance }),
            CreateData = ml => TestData.FromRows(ml, rows, labels),
            ExpectedOutputs = ExpectedColumn.MulticlassPrediction(3),
            BadInputs = [.. BadInput.TrainerColumns("Features", "Label"), BadInput.LabelNotKey("Label")],
        });
    }
}
