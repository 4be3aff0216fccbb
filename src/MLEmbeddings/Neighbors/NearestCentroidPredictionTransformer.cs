using MLEmbeddings.Interop;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The fitted nearest-centroid classifier as an ML.NET prediction transformer: adds <c>Score</c> (class
/// probabilities) and <c>PredictedLabel</c>. Returned by
/// <c>mlContext.MulticlassClassification.Trainers.NearestCentroid(...).Fit(data)</c>.
/// </summary>
public sealed class NearestCentroidPredictionTransformer : MulticlassPredictionTransformerBase<NearestCentroidModel>, IPersistedComponent<NearestCentroidPredictionTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbNearestCentroid", "MLECENTR", 1, "NearestCentroid");

    internal NearestCentroidPredictionTransformer(NearestCentroidModel model, string featureColumnName, LabelClasses classes, int batchSize)
        : base(model, featureColumnName, classes, batchSize)
    {
    }

    static PersistenceIdentity IPersistedComponent<NearestCentroidPredictionTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    static NearestCentroidPredictionTransformer IPersistedComponent<NearestCentroidPredictionTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        var state = LoadCommon(reader, NearestCentroidModel.Load);
        return new NearestCentroidPredictionTransformer(state.Model, state.FeatureColumnName, state.Classes, state.BatchSize);
    }
}
