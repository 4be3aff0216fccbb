using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>Every learner passes the shared estimator conformance check (schema, determinism with a seed, save/load, single-row mapping, bad columns).</summary>
public class MetricLearningConformanceTests
{
    public static TheoryData<string> Learners => MetricLearners.All();

    [Theory]
    [MemberData(nameof(Learners))]
    public void Learner_passes_the_conformance_check(string learner)
    {
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(90, 6, 3, seed: 11);
        MahalanobisProjectionTransformer fitted = EstimatorConformance.Check(new ConformanceCase<MahalanobisProjectionTransformer>
        {
            CreateEstimator = ml => MetricLearners.Create(ml, learner, 3, maximumIterations: 50),
            CreateData = ml => TestData.FromRows(ml, rows, labels),
            ExpectedOutputs = [new ExpectedColumn("Projected", new VectorDataViewType(NumberDataViewType.Single, 3))],
            BadInputs = [.. BadInput.TrainerColumns("Features", "Label"), BadInput.LabelNotKey("Label")],
        });

        Assert.Equal((3, 6), (fitted.Rank, fitted.InputSize));
        Assert.Equal(("Features", "Projected"), (fitted.InputColumnName, fitted.OutputColumnName));
    }

    [Fact]
    public void Weakly_supervised_itml_passes_the_conformance_check()
    {
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(60, 5, 2, seed: 12);
        MetricLearningPair[] pairs = Enumerable.Range(0, 40).Select(i => new MetricLearningPair(i, i + 2 + (i % 3), labels[i] == labels[i + 2 + (i % 3)])).ToArray();
        EstimatorConformance.Check(new ConformanceCase<MahalanobisProjectionTransformer>
        {
            CreateEstimator = ml => ml.Transforms.InformationTheoreticMetricLearning("Projected", pairs, "Features", rank: 2),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Projected", new VectorDataViewType(NumberDataViewType.Single, 2))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    [Fact]
    public void Projection_feeds_the_knn_trainer_in_one_pipeline()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] train, string[] trainLabels) = MetricLearningData.InformativeAmongNoise(300, 12, 4, seed: 13);
        (float[][] test, string[] testLabels) = MetricLearningData.InformativeAmongNoise(200, 12, 4, seed: 14);
        var pipeline = mlContext.Transforms.LocalFisherDiscriminantAnalysis("Projected", "Features", rank: 3)
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors(featureColumnName: "Projected"));
        IDataView scored = pipeline.Fit(TestData.FromRows(mlContext, train, trainLabels, keysSortedByValue: true))
            .Transform(TestData.FromRows(mlContext, test, testLabels, keysSortedByValue: true));
        uint[] predicted = ColumnValues.Scalars<uint>(scored, "PredictedLabel");
        uint[] truth = ColumnValues.Scalars<uint>(scored, "Label");
        double accuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(accuracy > 0.9, $"k-NN after LFDA: accuracy {accuracy}");
    }
}
