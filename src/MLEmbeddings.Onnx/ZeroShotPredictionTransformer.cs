using MLEmbeddings.Interop;
using MLEmbeddings.Neighbors;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Onnx;

/// <summary>
/// The fitted zero-shot classifier as an ML.NET prediction transformer: adds <c>Score</c> (class probabilities) and
/// <c>PredictedLabel</c> exactly like the k-NN classifier, so <c>mlContext.MulticlassClassification.Evaluate</c> works.
/// Returned by <c>mlContext.MulticlassClassification.Trainers.ZeroShotClassification(...).Fit(data)</c>.
/// </summary>
public sealed class ZeroShotPredictionTransformer : MulticlassPredictionTransformerBase<ZeroShotModel>, IPersistedComponent<ZeroShotPredictionTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbZeroShot", "MLEZEROS", 1, "ZeroShotClassification");

    internal ZeroShotPredictionTransformer(ZeroShotModel model, string featureColumnName, LabelClasses classes, int batchSize)
        : base(model, featureColumnName, classes, batchSize)
    {
    }

    static PersistenceIdentity IPersistedComponent<ZeroShotPredictionTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    static ZeroShotPredictionTransformer IPersistedComponent<ZeroShotPredictionTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        var state = LoadCommon(reader, ZeroShotModel.Load);
        LabelClasses classes = state.Classes.Names is null
            ? state.Classes with { Names = state.Model.Classes.Select(c => c.Name).ToArray() }
            : state.Classes;
        return new ZeroShotPredictionTransformer(state.Model, state.FeatureColumnName, classes, state.BatchSize);
    }
}
