using MLEmbeddings.Interop;
using MLEmbeddings.MetricLearning;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// Trains a linear or MLP embedding head with TorchSharp so that nearest neighbours in its L2-normalised output share a
/// class (deep metric learning; the reference is pytorch-metric-learning), and returns it as the core library's
/// <see cref="EmbeddingHeadTransformer"/>: the weights are copied out of TorchSharp, so scoring, saving and loading the
/// fitted model need neither TorchSharp nor libtorch. Created by <c>mlContext.Transforms.DeepMetricLearning(...)</c>.
/// </summary>
public sealed class DeepMetricLearningEstimator : IEstimator<EmbeddingHeadTransformer>
{
    private const string Name = "DeepMetricLearning";

    private readonly ComponentHost _host;
    private readonly DeepMetricLearningOptions _options;

    internal DeepMetricLearningEstimator(ComponentHost host, DeepMetricLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _options = options.Copy();
    }

    /// <summary>Reads the training rows, trains the head and returns the fitted transformer.</summary>
    /// <param name="input">Training data with the input column and the key label column.</param>
    /// <returns>The fitted head.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (the message names it and the fix).</exception>
    /// <exception cref="ArgumentException">A feature value is NaN or infinite (the message names the row and slot), the rows have fewer than 2 classes, or a class has fewer than <c>SamplesPerClass</c> rows (the message names the class).</exception>
    /// <exception cref="InvalidOperationException">Training diverged (the loss became NaN or infinite).</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token or the context was cancelled.</exception>
    public EmbeddingHeadTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string inputColumn = _options.ResolvedInputColumnName;
        TrainingRows rows = TrainingDataReader.Read(input, inputColumn, _options.LabelColumnName, _host, _options.CancellationToken);
        var classSizes = new int[rows.ClassCount];
        foreach (int c in rows.Classes!)
        {
            classSizes[c]++;
        }

        int present = classSizes.Count(size => size > 0);
        if (present < 2)
        {
            int only = Array.FindIndex(classSizes, size => size > 0);
            throw new ArgumentException(
                $"{Name}: every training row has the same class ({DescribeClass(input.Schema, only)} of label '{_options.LabelColumnName}'); learning an embedding that separates classes needs rows of at least 2 classes.",
                nameof(input));
        }

        for (int c = 0; c < classSizes.Length; c++)
        {
            if (classSizes[c] > 0 && classSizes[c] < _options.SamplesPerClass)
            {
                throw new ArgumentException(
                    $"{Name}: label '{_options.LabelColumnName}': {DescribeClass(input.Schema, c)} has {classSizes[c]} row(s), but the P x K sampler draws SamplesPerClass = {_options.SamplesPerClass} rows of a class per batch. Add rows of that class, remove it, or lower SamplesPerClass.",
                    nameof(input));
            }
        }

        int seed = _host.Seed(_options.Seed);
        (EmbeddingHeadLayer[] layers, EmbeddingHeadTrainingSummary summary) = new EmbeddingHeadTraining(_options, _host, seed).Run(rows);
        _host.Info($"{Name}: kept epoch {summary.KeptEpoch} of {summary.EpochsRun} run (loss {summary.Loss:G6}, held-out Recall@1 {summary.ValidationRecallAtOne:F4}).");
        return new EmbeddingHeadTransformer(inputColumn, _options.OutputColumnName, new EmbeddingHeadNetwork(layers, _options.Activation), summary);
    }

    /// <summary>The input columns plus the output column, a <c>Vector&lt;Single, Rank&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not a known-size <c>Vector&lt;Single&gt;</c>, or the label column is missing or not a key.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _options.ResolvedInputColumnName);
        ColumnValidation.RequireKey(inputSchema, _options.LabelColumnName);
        var output = new VectorDataViewType(NumberDataViewType.Single, _options.Rank);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(_options.OutputColumnName, output)]);
    }

    /// <summary>"class 'name' (key value k)" when the label has text key values, "class with key value k" otherwise.</summary>
    private string DescribeClass(DataViewSchema schema, int classIndex)
    {
        DataViewSchema.Column label = schema[_options.LabelColumnName];
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues")?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            label.GetKeyValues(ref names);
            if (classIndex < names.Length)
            {
                return $"class '{names.GetItemOrDefault(classIndex)}' (key value {classIndex + 1})";
            }
        }

        return $"class with key value {classIndex + 1}";
    }
}
