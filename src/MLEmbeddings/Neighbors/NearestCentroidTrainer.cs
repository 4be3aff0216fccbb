using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The nearest-centroid classifier (scikit-learn <c>NearestCentroid</c>; the prototype classifier of few-shot
/// learning): <c>Fit</c> computes the mean of each class's rows; scoring compares a row with every prototype.
/// Created by <c>mlContext.MulticlassClassification.Trainers.NearestCentroid(...)</c>.
/// </summary>
public sealed class NearestCentroidTrainer : ITrainerEstimator<NearestCentroidPredictionTransformer, NearestCentroidModel>
{
    private readonly NearestCentroidOptions _options;
    private readonly ComponentHost _host;

    internal NearestCentroidTrainer(ComponentHost host, NearestCentroidOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _options = options.Clone();
    }

    /// <summary>The trainer needs no normalisation and reads the data once, so no caching.</summary>
    public TrainerInfo Info { get; } = MLNetInternals.Instance.CreateTrainerInfo(normalization: false, caching: false);

    /// <summary>Computes the class prototypes (rows with a missing label are skipped) and returns the prediction transformer.</summary>
    /// <param name="input">Training data with the feature and key label columns.</param>
    /// <returns>The fitted classifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (the message says which and how to fix it).</exception>
    /// <exception cref="ArgumentException">A feature value is NaN or infinite (the message names the row), or there are no training rows.</exception>
    public NearestCentroidPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrainingRows rows = TrainingDataReader.Read(input, _options.FeatureColumnName, _options.LabelColumnName, _host);
        (Kernels.DenseMatrix prototypes, int[] counts) = ClassPrototypes.Compute(rows.View, rows.Classes, rows.ClassCount, _options.NormalizePrototypes);
        int empty = counts.Count(c => c == 0);
        if (empty > 0)
        {
            _host.Warning($"{empty} of {rows.ClassCount} classes of '{_options.LabelColumnName}' have no training rows; they get probability 0.");
        }

        var model = new NearestCentroidModel(prototypes, counts, _options.Metric, _options.NormalizePrototypes, _options.Temperature, _options.MaxDegreeOfParallelism);
        return new NearestCentroidPredictionTransformer(model, _options.FeatureColumnName, LabelClasses.From(input.Schema, _options.LabelColumnName), _options.BatchSize);
    }

    /// <summary>The input columns plus <c>Score</c> (<c>Vector&lt;Single&gt;</c>) and <c>PredictedLabel</c> (key).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature or label column is missing or has the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => MulticlassPredictionTransformerBase<NearestCentroidModel>.TrainerOutputSchema(inputSchema, _options.FeatureColumnName, _options.LabelColumnName);
}
