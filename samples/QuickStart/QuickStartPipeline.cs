using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLEmbeddings.Decomposition;
using MLEmbeddings.MetricLearning;

namespace QuickStart;

/// <summary>The pipeline of the quick start, separate from the console presentation so the tests can run it on tiny data.</summary>
internal static class QuickStartPipeline
{
    /// <summary>The key-typed label column (key k = class k of <see cref="FashionMnist.ClassNames"/>).</summary>
    public const string LabelKey = "LabelKey";

    /// <summary>The NMF coefficients of each image: how much of each learned part it contains.</summary>
    public const string Parts = "Parts";

    /// <summary>The parts scaled to zero mean and unit variance, the input the metric learner wants.</summary>
    public const string StandardizedParts = "StandardizedParts";

    /// <summary>The learned projection of the standardized parts, in which the k-NN classifier searches.</summary>
    public const string Embedding = "Embedding";

    /// <summary>The k-NN classifier's key-typed prediction.</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>
    /// label -> key, NMF parts of the pixels, standardize, Neighbourhood Components Analysis, k-NN, key -> class name.
    /// The pixels are already scaled to [0, 1] when read, which is the scaling Fashion-MNIST wants (a per-pixel min-max
    /// would blow up near-constant border pixels) and keeps them non-negative for NMF.
    /// </summary>
    public static EstimatorChain<KeyToValueMappingTransformer> Build(MLContext mlContext, QuickStartOptions options, PipelineProgress progress)
        => mlContext.Transforms.Conversion.MapValueToKey(
                LabelKey,
                nameof(Image.Label),
                keyData: mlContext.Data.LoadFromEnumerable(FashionMnist.ClassNames.Select(name => new ClassName { Label = name })))
            .Append(mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
            {
                OutputColumnName = Parts,
                InputColumnName = nameof(Image.Pixels),
                Rank = options.NumberOfComponents,
                Progress = progress.Factorization,
            }))
            .Append(mlContext.Transforms.NormalizeMeanVariance(StandardizedParts, Parts))
            .Append(mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
            {
                OutputColumnName = Embedding,
                InputColumnName = StandardizedParts,
                LabelColumnName = LabelKey,
                Rank = options.ProjectionRank,
                Progress = progress.MetricLearning,
            }))
            .Append(NearestNeighbors(mlContext, Embedding, options.NumberOfNeighbors))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(nameof(Prediction.PredictedClass), PredictedLabel));

    /// <summary>The k-NN classifier on <paramref name="featureColumn"/> of data that already has <see cref="LabelKey"/>.</summary>
    public static IEstimator<ITransformer> NearestNeighbors(MLContext mlContext, string featureColumn, int numberOfNeighbors)
        => mlContext.MulticlassClassification.Trainers.KNearestNeighbors(LabelKey, featureColumn, numberOfNeighbors);

    /// <summary>ML.NET's multiclass metrics and the per-class report of a scored test set.</summary>
    public static ClassificationQuality Evaluate(MLContext mlContext, IDataView scored)
        => new(
            mlContext.MulticlassClassification.Evaluate(scored, labelColumnName: LabelKey, predictedLabelColumnName: PredictedLabel),
            mlContext.MulticlassClassification.ClassificationReport(scored, LabelKey, PredictedLabel));
}
