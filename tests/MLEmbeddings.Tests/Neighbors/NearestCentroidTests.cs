using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Neighbors;

public class NearestCentroidTests
{
    [Fact]
    public void Prototypes_are_class_means_and_scores_are_a_softmax_of_negative_squared_distances()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(90, 4, seed: 3);
        IDataView data = TestData.FromRows(mlContext, rows, labels);
        var model = mlContext.MulticlassClassification.Trainers.NearestCentroid(new NearestCentroidOptions { Temperature = 2f }).Fit(data);

        string[] classes = ["a", "b", "c"];
        double[][] means = classes.Select(c => Enumerable.Range(0, 4).Select(j => rows.Where((_, i) => labels[i] == c).Average(r => (double)r[j])).ToArray()).ToArray();
        for (int c = 0; c < 3; c++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(means[c][j], model.Model.Prototypes[c, j], 5);
            }
        }

        float[][] queries = TestData.RandomRows(10, 4, seed: 9);
        float[][] scores = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, queries)), "Score");
        for (int q = 0; q < queries.Length; q++)
        {
            double[] logits = means.Select(m => -m.Select((v, j) => (v - queries[q][j]) * (v - queries[q][j])).Sum() / 2.0).ToArray();
            double largest = logits.Max();
            double[] expected = logits.Select(l => Math.Exp(l - largest)).ToArray();
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c] / expected.Sum(), scores[q][c], 5);
            }
        }
    }

    [Fact]
    public void Normalised_cosine_prototypes_classify_by_direction()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = [[10, 0], [1, 0.1f], [0, 5], [0.1f, 1]];
        IDataView data = TestData.FromRows(mlContext, rows, ["east", "east", "north", "north"]);
        var model = mlContext.MulticlassClassification.Trainers.NearestCentroid(new NearestCentroidOptions { Metric = NeighborMetric.Cosine, NormalizePrototypes = true }).Fit(data);
        for (int c = 0; c < 2; c++)
        {
            ReadOnlySpan<float> prototype = model.Model.Prototypes.Row(c);
            Assert.Equal(1.0, Math.Sqrt((prototype[0] * prototype[0]) + (prototype[1] * prototype[1])), 5);
        }

        uint[] predicted = ColumnValues.Scalars<uint>(model.Transform(TestData.FromRows(mlContext, [[100f, 3f], [0.01f, 0.5f]])), "PredictedLabel");
        Assert.Equal([1u, 2u], predicted);
    }

    [Fact]
    public void A_class_without_rows_gets_probability_zero()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.FromRows(mlContext, [[0, 0], [1, 1]], ["x", "y"]);
        IDataView text = mlContext.Transforms.Conversion.MapKeyToValue("Text", "Label").Fit(data).Transform(data);
        IDataView classes = mlContext.Data.LoadFromEnumerable(new[] { new KeyText { Text = "x" }, new KeyText { Text = "y" }, new KeyText { Text = "z" } });
        IDataView threeClasses = mlContext.Transforms.Conversion.MapValueToKey("Label", "Text", keyData: classes).Fit(text).Transform(text);
        var model = mlContext.MulticlassClassification.Trainers.NearestCentroid().Fit(threeClasses);
        float[] score = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, [[0.2f, 0.1f]])), "Score")[0];
        Assert.Equal(3, score.Length);
        Assert.Equal(0f, score[2]);
        Assert.Equal(1.0, score.Sum(), 5);
        Assert.Equal([1, 1, 0], model.Model.ClassCounts.ToArray());
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        (float[][] rows, string[] labels) = NeighborTestData.Blobs(300, 5, seed: 6);
        EstimatorConformance.Check(new ConformanceCase<NearestCentroidPredictionTransformer>
        {
            CreateEstimator = ml => ml.MulticlassClassification.Trainers.NearestCentroid(),
            CreateData = ml => TestData.FromRows(ml, rows, labels),
            ExpectedOutputs = ExpectedColumn.MulticlassPrediction(3),
            BadInputs = BadInput.TrainerColumns("Features", "Label"),
        });
    }

    private sealed class KeyText
    {
        public string Text { get; set; } = string.Empty;
    }
}
