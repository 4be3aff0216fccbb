using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The k-nearest-neighbours classifier (scikit-learn <c>KNeighborsClassifier</c>): <c>Fit</c> indexes the training
/// vectors with their classes; scoring finds each row's k nearest training rows with the fused top-k kernel and
/// lets them vote (uniform, inverse distance or softmax weights). Created by
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...)</c>.
/// </summary>
public sealed class KNearestNeighborsTrainer : ITrainerEstimator<KNearestNeighborsPredictionTransformer, KNearestNeighborsModel>
{
    private readonly KNearestNeighborsOptions _options;
    private readonly ComponentHost _host;

    internal KNearestNeighborsTrainer(ComponentHost host, KNearestNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _options = options.Clone();
    }

    /// <summary>The trainer needs no normalisation and reads the data once, so no caching.</summary>
    public TrainerInfo Info { get; } = MLNetInternals.Instance.CreateTrainerInfo(normalization: false, caching: false);

    /// <summary>Indexes the training rows (rows with a missing label are skipped) and returns the prediction transformer.</summary>
    /// <param name="input">Training data with the feature and key label columns.</param>
    /// <returns>The fitted classifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (the message says which and how to fix it), or <c>NumberOfNeighbors</c> exceeds the number of training rows.</exception>
    /// <exception cref="ArgumentException">A feature value is NaN or infinite (the message names the row), or there are no training rows.</exception>
    public KNearestNeighborsPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrainingRows rows = TrainingDataReader.Read(input, _options.FeatureColumnName, _options.LabelColumnName, _host);
        if (_options.NumberOfNeighbors > rows.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                $"NumberOfNeighbors is {_options.NumberOfNeighbors} but the training data has only {rows.Count} rows with a label. " +
                $"Use NumberOfNeighbors <= {rows.Count} or add training rows.");
        }

        int seed = _host.Seed(_options.Seed);
        VectorIndex index = _options.Index.Build(rows.View, NeighborVoting.ToKernelMetric(_options.Metric), seed, _options.MaxDegreeOfParallelism, _host);
        _host.Info($"Indexed {rows.Count} rows of dimension {rows.Dimension} in {rows.ClassCount} classes ({_options.Metric}, k = {_options.NumberOfNeighbors}).");
        var model = new KNearestNeighborsModel(index, rows.Classes!, rows.ClassCount, _options.NumberOfNeighbors, _options.Metric, _options.Weighting, _options.Temperature, _options.MaxDegreeOfParallelism);
        return new KNearestNeighborsPredictionTransformer(model, _options.FeatureColumnName, LabelClasses.From(input.Schema, _options.LabelColumnName), _options.BatchSize);
    }

    /// <summary>The input columns plus <c>Score</c> (<c>Vector&lt;Single&gt;</c>) and <c>PredictedLabel</c> (key).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature or label column is missing or has the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => MulticlassPredictionTransformerBase<KNearestNeighborsModel>.TrainerOutputSchema(inputSchema, _options.FeatureColumnName, _options.LabelColumnName);
}
