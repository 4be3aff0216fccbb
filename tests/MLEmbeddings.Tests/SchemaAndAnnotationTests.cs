using MLEmbeddings.Interop;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

public class SchemaAndAnnotationTests
{
    [Fact]
    public void ShapeColumnsDescribeKeysVectorsAndAnnotations()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, [[1f], [2f]], ["cat", "dog"]);
        DataViewSchema.Column label = data.Schema["Label"];

        SchemaShape.Column key = SchemaShapes.Column("Predicted", label.Type, AnnotationSets.CopyFrom(label, AnnotationSets.KeyValuesKind));
        Assert.Equal(("Predicted", SchemaShape.Column.VectorKind.Scalar, true), (key.Name, key.Kind, key.IsKey));
        Assert.Equal(NumberDataViewType.UInt32, key.ItemType);
        SchemaShape.Column keyValues = Assert.Single(key.Annotations);
        Assert.Equal(("KeyValues", SchemaShape.Column.VectorKind.Vector), (keyValues.Name, keyValues.Kind));
        Assert.Equal(TextDataViewType.Instance, keyValues.ItemType);

        SchemaShape.Column score = SchemaShapes.Column("Score", new VectorDataViewType(NumberDataViewType.Single, 2), AnnotationSets.SlotNames(["cat", "dog"]));
        Assert.Equal((SchemaShape.Column.VectorKind.Vector, false), (score.Kind, score.IsKey));
        Assert.Equal("SlotNames", Assert.Single(score.Annotations).Name);

        SchemaShape.Column variable = SchemaShapes.Column("V", new VectorDataViewType(NumberDataViewType.Double));
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, variable.Kind);
    }

    [Fact]
    public void AppendAddsOutputsAndHidesSameNamedInputs()
    {
        IDataView data = TestData.FromRows(new MLContext(1), [[1f, 2f]]);
        SchemaShape input = EstimatorConformance.ShapeOf(data.Schema);
        SchemaShape output = SchemaShapes.Append(input, [SchemaShapes.Column("Features", NumberDataViewType.Double), SchemaShapes.Column("New", BooleanDataViewType.Instance)]);
        Assert.Equal(["RowIndex", "Features", "New"], output.Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Double, output.Single(c => c.Name == "Features").ItemType);
    }

    [Fact]
    public void LabelAnnotationsCanBeCopiedAndRead()
    {
        IDataView data = TestData.FromRows(new MLContext(1), [[1f], [2f], [3f]], ["b", "a", "b"]);
        DataViewSchema.Column label = data.Schema["Label"];
        Assert.Equal(["b", "a"], AnnotationSets.KeyValueNames(label)!);
        Assert.Null(AnnotationSets.KeyValueNames(data.Schema["Features"]));
        SchemaShape labelShape = EstimatorConformance.ShapeOf(data.Schema);
        Assert.Equal(["KeyValues"], SchemaShapes.AnnotationsFrom(labelShape.Single(c => c.Name == "Label"), AnnotationSets.KeyValuesKind).Select(c => c.Name));
        Assert.Empty(SchemaShapes.AnnotationsFrom(labelShape.Single(c => c.Name == "Label"), AnnotationSets.SlotNamesKind));
    }

    [Fact]
    public void TrainerStyleOutputsCarryClassNamesAndServeKeys()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, [[0.9f, 0.1f], [0.2f, 0.8f], [0.6f, 0.4f]], ["cat", "dog", "cat"]);
        DataViewSchema.Column label = data.Schema["Label"];
        OutputColumn[] outputs =
        [
            new("Score", new VectorDataViewType(NumberDataViewType.Single, 2), AnnotationSets.SlotNames(AnnotationSets.KeyValueNames(label)!)),
            new("PredictedLabel", new KeyDataViewType(typeof(uint), 2), AnnotationSets.CopyFrom(label, AnnotationSets.KeyValuesKind)),
        ];
        var mapping = new BatchMapping(data.Schema, [new("Features", InputColumnAccess.Dense)], outputs, (input, output) =>
        {
            for (int i = 0; i < input.RowCount; i++)
            {
                input.Dense(0).Row(i).CopyTo(output.Vectors(0).Row(i));
                output.Values<uint>(1)[i] = input.Dense(0)[i, 0] >= input.Dense(0)[i, 1] ? 1u : 2u;
            }
        }, batchSize: 2);
        IDataView scored = new BatchMappedDataView(data, mapping);

        Assert.Equal("cat|dog", ColumnValues.AnnotationText(scored.Schema["Score"], "SlotNames"));
        Assert.Equal("cat|dog", ColumnValues.AnnotationText(scored.Schema["PredictedLabel"], "KeyValues"));
        Assert.Equal([1u, 2u, 1u], ColumnValues.Scalars<uint>(scored, "PredictedLabel"));
        IDataView mapped = mlContext.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel").Fit(scored).Transform(scored);
        Assert.Equal(["cat", "dog", "cat"], ColumnValues.AsText(mapped, "PredictedText"));
        MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(scored);
        Assert.Equal(1.0, metrics.MicroAccuracy);
    }

    [Fact]
    public void ASourceWhoseCursorsDisagreeOnRowOrderIsDetected()
    {
        var mlContext = new MLContext(1);
        IDataView ordered = TestData.FromRows(mlContext, TestData.RandomRows(50, 3, seed: 1));
        IDataView inconsistent = new SecondCursorShuffled(ordered, mlContext.Data.ShuffleRows(ordered, seed: 3));
        var mapping = new BatchMapping(
            inconsistent.Schema,
            [new("Features", InputColumnAccess.Dense)],
            [new OutputColumn("Copy", new VectorDataViewType(NumberDataViewType.Single, 3))],
            (input, output) => input.Dense(0).ToArray().CopyTo(output.Vectors(0).Data),
            batchSize: 4);
        var view = new BatchMappedDataView(inconsistent, mapping);
        var exception = Assert.Throws<InvalidOperationException>(() => ColumnValues.Vectors(view, "Copy"));
        Assert.Contains("returned different rows to two cursors at row 0", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>A broken data view: its first cursor is in order, later cursors come from a shuffled copy.</summary>
    private sealed class SecondCursorShuffled(IDataView ordered, IDataView shuffled) : IDataView
    {
        private int _cursors;

        public bool CanShuffle => false;

        public DataViewSchema Schema => ordered.Schema;

        public long? GetRowCount() => ordered.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            IDataView source = _cursors++ == 0 ? ordered : shuffled;
            return source.GetRowCursor(columnsNeeded.Select(c => source.Schema[c.Index]), rand);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => [GetRowCursor(columnsNeeded, rand)];
    }
}
