using MLEmbeddings.Interop;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The fitted k-nearest-neighbours classifier as an ML.NET prediction transformer: adds <c>Score</c> (class
/// probabilities) and <c>PredictedLabel</c>. Returned by
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...).Fit(data)</c>; saved with the indexed
/// training vectors inside the model zip.
/// </summary>
public sealed class KNearestNeighborsPredictionTransformer : MulticlassPredictionTransformerBase<KNearestNeighborsModel>, IPersistedComponent<KNearestNeighborsPredictionTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbKNearestNeighbors", "MLEKNN  ", 1, "KNearestNeighbors");

    internal KNearestNeighborsPredictionTransformer(KNearestNeighborsModel model, string featureColumnName, LabelClasses classes, int batchSize)
        : base(model, featureColumnName, classes, batchSize)
    {
    }

    static PersistenceIdentity IPersistedComponent<KNearestNeighborsPredictionTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    static KNearestNeighborsPredictionTransformer IPersistedComponent<KNearestNeighborsPredictionTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        var state = LoadCommon(reader, KNearestNeighborsModel.Load);
        return new KNearestNeighborsPredictionTransformer(state.Model, state.FeatureColumnName, state.Classes, state.BatchSize);
    }
}
