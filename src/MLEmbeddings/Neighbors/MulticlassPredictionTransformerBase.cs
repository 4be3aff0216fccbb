using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The prediction transformer of this library's multiclass classifiers (k-NN, nearest centroid, zero-shot). It adds
/// ML.NET's multiclass output columns, so <c>mlContext.MulticlassClassification.Evaluate</c>,
/// <c>MapKeyToValue</c> and <c>PredictionEngine</c> work unchanged:
/// <list type="bullet">
/// <item><c>Score</c>: known-size <c>Vector&lt;Single, C&gt;</c> of class probabilities, with the class names as <c>SlotNames</c> when the label has them;</item>
/// <item><c>PredictedLabel</c>: <c>Key&lt;UInt32, C&gt;</c> carrying the training label's <c>KeyValues</c>.</item>
/// </list>
/// Rows are scored in blocks of <see cref="BatchSize"/>, one kernel call per block.
/// </summary>
/// <typeparam name="TModel">The fitted model type.</typeparam>
public abstract class MulticlassPredictionTransformerBase<TModel> : RowMappingTransformerBase, ISingleFeaturePredictionTransformer<TModel>
    where TModel : class
{
    /// <summary>ML.NET's name of the score column.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>ML.NET's name of the predicted label column.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    private readonly IMulticlassModel _scorer;
    private readonly string[]? _classNames;
    private readonly DataViewSchema.Annotations _predictedLabelAnnotations;

    private protected MulticlassPredictionTransformerBase(TModel model, string featureColumnName, LabelClasses classes, int batchSize)
    {
        Model = model;
        _scorer = (IMulticlassModel)model;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, _scorer.Dimension);
        _classNames = classes.Names;
        _predictedLabelAnnotations = classes.PredictedLabelAnnotations;
        BatchSize = batchSize;
    }

    /// <summary>The fitted model.</summary>
    public TModel Model { get; }

    /// <summary>The feature column read by the transformer.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The feature column's type: <c>Vector&lt;Single, Dimension&gt;</c>.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>Rows scored per kernel call.</summary>
    public int BatchSize { get; }

    /// <summary>The class names (the training label's key values), or null when the label had none.</summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    /// <summary>Reads the part of the payload written by the base class, then lets <paramref name="loadModel"/> read the model.</summary>
    private protected static (string FeatureColumnName, LabelClasses Classes, int BatchSize, TLoaded Model) LoadCommon<TLoaded>(
        ModelPayloadReader reader,
        Func<ModelPayloadReader, TLoaded> loadModel)
    {
        string feature = reader.ReadNonNullString("the feature column name");
        int batchSize = reader.ReadInt32("the batch size", 1, int.MaxValue);
        string[]? classNames = reader.ReadBoolean() ? reader.ReadStrings() : null;
        DataViewSchema.Annotations annotations = reader.ReadAnnotations();
        return (feature, new LabelClasses(classNames, annotations), batchSize, loadModel(reader));
    }

    /// <summary>
    /// The output shape a multiclass trainer of this library declares in <c>GetOutputSchema</c>: the input columns plus
    /// <c>Score</c> and <c>PredictedLabel</c>. Shapes carry the vector kind and item type, not sizes (the class count is
    /// only known after <c>Fit</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature or label column is missing or has the wrong type.</exception>
    internal static SchemaShape TrainerOutputSchema(SchemaShape inputSchema, string featureColumnName, string labelColumnName)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, featureColumnName);
        ColumnValidation.RequireKey(inputSchema, labelColumnName);
        SchemaShape.Column labelColumn = ColumnValidation.RequireColumn(inputSchema, labelColumnName);
        SchemaShape keyValues = SchemaShapes.AnnotationsFrom(labelColumn, AnnotationSets.KeyValuesKind);
        SchemaShape slotNames = keyValues.Count == 0
            ? new SchemaShape([])
            : new SchemaShape([SchemaShapes.Column(AnnotationSets.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, 1))]);
        return SchemaShapes.Append(
            inputSchema,
            [
                SchemaShapes.Column(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, 1), slotNames),
                SchemaShapes.Column(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), 1), keyValues),
            ]);
    }

    private protected sealed override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(FeatureColumnName);
        writer.Write(BatchSize);
        writer.Write(_classNames is not null);
        if (_classNames is not null)
        {
            writer.Write(_classNames);
        }

        writer.Write(_predictedLabelAnnotations);
        _scorer.Save(writer);
    }

    private protected sealed override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, FeatureColumnName);
        ColumnValidation.RequireTrainedSize(FeatureColumnName, _scorer.Dimension, size);
        int classes = _scorer.NumberOfClasses;
        OutputColumn score = new(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, classes), _classNames is null ? null : AnnotationSets.SlotNames(_classNames));
        OutputColumn predicted = new(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), classes), _predictedLabelAnnotations);
        return new BatchMapping(inputSchema, [new BatchInputColumn(FeatureColumnName, InputColumnAccess.Dense)], [score, predicted], MapBatch, BatchSize);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView rows = input.Dense(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, FeatureColumnName);
        MatrixView probabilities = output.Vectors(0);
        _scorer.Score(rows, probabilities.Data.Span[..(rows.Rows * probabilities.Columns)], output.Values<uint>(1));
    }
}
