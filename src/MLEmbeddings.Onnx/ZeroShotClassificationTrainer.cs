using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLEmbeddings.Onnx;

/// <summary>
/// Zero-shot classification of text embeddings: no training rows are needed. <c>Fit</c> embeds each class's
/// descriptions with the options' embedding generator and builds one prototype per class (descriptions normalised,
/// averaged, normalised); scoring assigns each row the class of highest cosine similarity, with <c>Score</c> a softmax
/// over the similarities divided by the temperature. The classes follow the label column's key values when the data
/// has the label column, else the order of the options' classes. Created by
/// <c>mlContext.MulticlassClassification.Trainers.ZeroShotClassification(...)</c>.
/// </summary>
public sealed class ZeroShotClassificationTrainer : ITrainerEstimator<ZeroShotPredictionTransformer, ZeroShotModel>
{
    private readonly ZeroShotClassificationOptions _options;
    private readonly ZeroShotClass[] _classes;
    private readonly ComponentHost _host;

    internal ZeroShotClassificationTrainer(ComponentHost host, ZeroShotClassificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _classes = [.. options.Classes];
        _options = new ZeroShotClassificationOptions
        {
            LabelColumnName = options.LabelColumnName,
            FeatureColumnName = options.FeatureColumnName,
            EmbeddingGenerator = options.EmbeddingGenerator,
            Temperature = options.Temperature,
            BatchSize = options.BatchSize,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        };
    }

    /// <summary>The trainer needs no normalisation and does not read the rows, so no caching.</summary>
    public TrainerInfo Info { get; } = MLNetInternals.Instance.CreateTrainerInfo(normalization: false, caching: false);

    /// <summary>Embeds the class descriptions and returns the prediction transformer; the rows of <paramref name="input"/> are not read.</summary>
    /// <param name="input">Data with the feature column and, optionally, the key label column that defines the classes.</param>
    /// <returns>The fitted classifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">
    /// The label's key values and the classes do not match (the message lists the differences), or the generator's
    /// embeddings do not have the feature column's size.
    /// </exception>
    public ZeroShotPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int dimension = ColumnValidation.RequireKnownSizeSingleVector(input.Schema, _options.FeatureColumnName, nameof(input));
        DataViewSchema.Column? label = input.Schema.GetColumnOrNull(_options.LabelColumnName);
        ZeroShotClass[] classes = label is null ? _classes : OrderByLabel(label.Value, input.Schema);
        string[] names = classes.Select(c => c.Name).ToArray();
        DataViewSchema.Annotations annotations = label is null
            ? AnnotationSets.KeyValues(names)
            : AnnotationSets.CopyFrom(label.Value, AnnotationSets.KeyValuesKind);

        string[] descriptions = classes.SelectMany(c => c.Descriptions).ToArray();
        int[] classOfDescription = classes.SelectMany((c, k) => c.Descriptions.Select(_ => k)).ToArray();
        GeneratedEmbeddings<Embedding<float>> embeddings = _options.EmbeddingGenerator!.GenerateAsync(descriptions).GetAwaiter().GetResult();
        var rows = new float[descriptions.Length * dimension];
        for (int i = 0; i < descriptions.Length; i++)
        {
            ReadOnlySpan<float> vector = embeddings[i].Vector.Span;
            if (vector.Length != dimension)
            {
                throw OptionChecks.Invalid(nameof(input), $"The embedding generator returns vectors of size {vector.Length}, but column '{_options.FeatureColumnName}' has size {dimension}. " +
                    "Embed the class descriptions with the model that made the feature column.");
            }

            Span<float> row = rows.AsSpan(i * dimension, dimension);
            vector.CopyTo(row);
            VectorOperations.Normalize(row);
        }

        (DenseMatrix prototypes, int[] counts) = ClassPrototypes.Compute(new ReadOnlyMatrixView(rows, descriptions.Length, dimension), classOfDescription, classes.Length, normalize: true);
        var centroids = new NearestCentroidModel(prototypes, counts, NeighborMetric.Cosine, normalizePrototypes: true, _options.Temperature, _options.MaxDegreeOfParallelism);
        _host.Info($"Zero-shot classification: {classes.Length} classes from {descriptions.Length} descriptions.");
        return new ZeroShotPredictionTransformer(new ZeroShotModel(classes, centroids), _options.FeatureColumnName, new LabelClasses(names, annotations), _options.BatchSize);
    }

    /// <summary>The input columns plus <c>Score</c> (<c>Vector&lt;Single&gt;</c> with <c>SlotNames</c>) and <c>PredictedLabel</c> (key with <c>KeyValues</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector, or the label column is not a key.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (inputSchema.Any(c => c.Name == _options.LabelColumnName))
        {
            return MulticlassPredictionTransformerBase<ZeroShotModel>.TrainerOutputSchema(inputSchema, _options.FeatureColumnName, _options.LabelColumnName);
        }

        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _options.FeatureColumnName);
        var names = new SchemaShape([SchemaShapes.Column(AnnotationSets.KeyValuesKind, new VectorDataViewType(TextDataViewType.Instance, 1))]);
        var slotNames = new SchemaShape([SchemaShapes.Column(AnnotationSets.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, 1))]);
        return SchemaShapes.Append(
            inputSchema,
            [
                SchemaShapes.Column(MulticlassPredictionTransformerBase<ZeroShotModel>.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, 1), slotNames),
                SchemaShapes.Column(MulticlassPredictionTransformerBase<ZeroShotModel>.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), 1), names),
            ]);
    }

    /// <summary>The classes in the order of the label's key values; every key value needs a class and every class a key value.</summary>
    private ZeroShotClass[] OrderByLabel(DataViewSchema.Column label, DataViewSchema schema)
    {
        ColumnValidation.RequireKey(schema, label.Name, "input");
        string[] keyValues = AnnotationSets.KeyValueNames(label)
            ?? throw OptionChecks.Invalid("input", $"Column '{label.Name}' has no KeyValues naming its classes. Build it with mlContext.Transforms.Conversion.MapValueToKey(...) over the class names.");
        var byName = _classes.ToDictionary(c => c.Name, StringComparer.Ordinal);
        string[] undescribed = keyValues.Where(v => !byName.ContainsKey(v)).ToArray();
        string[] unused = _classes.Select(c => c.Name).Except(keyValues, StringComparer.Ordinal).ToArray();
        if (undescribed.Length > 0 || unused.Length > 0)
        {
            throw OptionChecks.Invalid("input", $"The classes must be the key values of column '{label.Name}' ({string.Join(", ", keyValues.Select(v => $"'{v}'"))})." +
                (undescribed.Length > 0 ? $" No class describes {string.Join(", ", undescribed.Select(v => $"'{v}'"))}." : string.Empty) +
                (unused.Length > 0 ? $" The label has no value {string.Join(", ", unused.Select(v => $"'{v}'"))}." : string.Empty));
        }

        return keyValues.Select(v => byName[v]).ToArray();
    }
}
