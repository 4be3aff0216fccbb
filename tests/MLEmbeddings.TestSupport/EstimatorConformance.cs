using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MLEmbeddings.TestSupport;

/// <summary>
/// The check every MLEmbeddings estimator passes: (a) <c>GetOutputSchema(SchemaShape)</c> agrees with the fitted
/// transformer's output schema, (b) fitting twice with the same seed gives identical outputs, (c) a save to a zip
/// and a load in a fresh <c>MLContext</c> (with the documented <c>RegisterMLEmbeddings()</c> line) gives identical
/// outputs and schema, (d) single-row mapping (what <c>PredictionEngine</c> uses) gives the batched values, and
/// (e) bad inputs are rejected at <c>Fit</c> and at schema time with the expected message.
/// </summary>
public static class EstimatorConformance
{
    /// <summary>Runs every check; returns the transformer fitted in the first context for further assertions.</summary>
    public static TTransformer Check<TTransformer>(ConformanceCase<TTransformer> testCase)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var mlContext = new MLContext(testCase.Seed);
        IDataView data = testCase.CreateData(mlContext);
        IEstimator<TTransformer> estimator = testCase.CreateEstimator(mlContext);

        SchemaShape shape = estimator.GetOutputSchema(ShapeOf(data.Schema));
        TTransformer transformer = estimator.Fit(data);
        IDataView transformed = transformer.Transform(data);
        CheckSchema(testCase, shape, transformer.GetOutputSchema(data.Schema), transformed.Schema);
        string[][] expected = OutputText(testCase, transformed);

        CheckDeterminism(testCase, expected);
        CheckSaveLoad(testCase, mlContext, transformer, data, transformed.Schema, expected);
        CheckSingleRowMapping(testCase, transformer, data, expected);
        CheckBadInputs(testCase, mlContext, estimator, transformer, data);
        return transformer;
    }

    /// <summary>The shape of a schema's visible columns, as an estimator receives it.</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden).Select(c => SchemaShapes.Column(c.Name, c.Type, c.Annotations)));
    }

    private static void CheckSchema<TTransformer>(ConformanceCase<TTransformer> testCase, SchemaShape shape, DataViewSchema fitted, DataViewSchema transformed)
        where TTransformer : class, ITransformer
    {
        Assert.Equal(Describe(fitted), Describe(transformed));
        foreach (ExpectedColumn expected in testCase.ExpectedOutputs)
        {
            DataViewSchema.Column column = fitted[expected.Name];
            Assert.True(expected.Type.Equals(column.Type), $"Column '{expected.Name}': expected type {expected.Type}, the transformer produces {column.Type}.");
            Assert.Equal(expected.AnnotationKinds.Order(), column.Annotations.Schema.Select(a => a.Name).Order());
        }

        var visible = fitted.Where(c => !c.IsHidden).ToList();
        Assert.Equal(visible.Select(c => c.Name).Order(), shape.Select(c => c.Name).Order());
        foreach (SchemaShape.Column shapeColumn in shape)
        {
            DataViewSchema.Column column = visible.Single(c => c.Name == shapeColumn.Name);
            Assert.Equal(ShapeText(column.Name, column.Type), ShapeText(shapeColumn));
            Assert.Equal(
                column.Annotations.Schema.Select(a => ShapeText(a.Name, a.Type)).Order(),
                shapeColumn.Annotations.Select(ShapeText).Order());
        }
    }

    private static void CheckDeterminism<TTransformer>(ConformanceCase<TTransformer> testCase, string[][] expected)
        where TTransformer : class, ITransformer
    {
        var mlContext = new MLContext(testCase.Seed);
        IDataView data = testCase.CreateData(mlContext);
        TTransformer again = testCase.CreateEstimator(mlContext).Fit(data);
        AssertSameOutputs(testCase, expected, OutputText(testCase, again.Transform(data)), "a second fit with the same seed");
    }

    private static void CheckSaveLoad<TTransformer>(
        ConformanceCase<TTransformer> testCase, MLContext mlContext, TTransformer transformer, IDataView data, DataViewSchema outputSchema, string[][] expected)
        where TTransformer : class, ITransformer
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlembeddings-conformance-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(transformer, data.Schema, path);
            var fresh = new MLContext(testCase.Seed).RegisterMLEmbeddings();
            ITransformer loaded = fresh.Model.Load(path, out DataViewSchema inputSchema);
            Assert.True(FindTransformer<TTransformer>(loaded), $"The loaded model is a {loaded.GetType().Name}, not (a chain ending in) {typeof(TTransformer).Name}.");
            Assert.Equal(Describe(data.Schema), Describe(inputSchema));
            IDataView reloaded = loaded.Transform(testCase.CreateData(fresh));
            Assert.Equal(Describe(outputSchema), Describe(reloaded.Schema));
            AssertSameOutputs(testCase, expected, OutputText(testCase, reloaded), "the model loaded in a fresh MLContext");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void CheckSingleRowMapping<TTransformer>(ConformanceCase<TTransformer> testCase, TTransformer transformer, IDataView data, string[][] expected)
        where TTransformer : class, ITransformer
    {
        Assert.True(transformer.IsRowToRowMapper);
        IRowToRowMapper mapper = transformer.GetRowToRowMapper(data.Schema);
        DataViewSchema.Column[] outputs = testCase.ExpectedOutputs.Select(e => mapper.OutputSchema[e.Name]).ToArray();
        using DataViewRowCursor cursor = data.GetRowCursor(mapper.GetDependencies(outputs));
        DataViewRow row = mapper.GetRow(cursor, outputs);
        Func<string>[] readers = outputs.Select(c => ColumnValues.RowReader(row, c)).ToArray();
        var actual = outputs.Select(_ => new List<string>()).ToArray();
        while (cursor.MoveNext())
        {
            for (int c = 0; c < readers.Length; c++)
            {
                actual[c].Add(readers[c]());
            }
        }

        AssertSameOutputs(testCase, expected, actual.Select(a => a.ToArray()).ToArray(), "single-row mapping (IRowToRowMapper)");
    }

    private static void CheckBadInputs<TTransformer>(
        ConformanceCase<TTransformer> testCase, MLContext mlContext, IEstimator<TTransformer> estimator, TTransformer transformer, IDataView data)
        where TTransformer : class, ITransformer
    {
        foreach (BadInput bad in testCase.BadInputs)
        {
            IDataView spoiled = bad.Spoil(mlContext, data);
            AssertRejected(bad, "Fit", () => estimator.Fit(spoiled));
            AssertRejected(bad, "GetOutputSchema(SchemaShape)", () => estimator.GetOutputSchema(ShapeOf(spoiled.Schema)));
            if (bad.TrainingOnly)
            {
                transformer.GetOutputSchema(spoiled.Schema);
            }
            else
            {
                AssertRejected(bad, "the fitted transformer's GetOutputSchema", () => transformer.GetOutputSchema(spoiled.Schema));
            }
        }
    }

    private static void AssertRejected(BadInput bad, string stage, Action action)
    {
        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string fragment in bad.MessageFragments)
        {
            Assert.True(exception.Message.Contains(fragment, StringComparison.Ordinal), $"{bad.Description} at {stage}: the message \"{exception.Message}\" lacks \"{fragment}\".");
        }
    }

    private static void AssertSameOutputs<TTransformer>(ConformanceCase<TTransformer> testCase, string[][] expected, string[][] actual, string what)
        where TTransformer : class, ITransformer
    {
        for (int c = 0; c < expected.Length; c++)
        {
            string name = testCase.ExpectedOutputs[c].Name;
            Assert.True(expected[c].Length == actual[c].Length, $"Column '{name}' from {what}: {actual[c].Length} rows instead of {expected[c].Length}.");
            for (int r = 0; r < expected[c].Length; r++)
            {
                Assert.True(expected[c][r] == actual[c][r], $"Column '{name}' row {r} from {what}: \"{actual[c][r]}\" instead of \"{expected[c][r]}\".");
            }
        }
    }

    private static string[][] OutputText<TTransformer>(ConformanceCase<TTransformer> testCase, IDataView transformed)
        where TTransformer : class, ITransformer
        => testCase.ExpectedOutputs.Select(e => ColumnValues.AsText(transformed, e.Name)).ToArray();

    private static bool FindTransformer<TTransformer>(ITransformer loaded)
        where TTransformer : class, ITransformer
        => loaded is TTransformer || (loaded is TransformerChain<ITransformer> chain && chain.Any(t => t is TTransformer));

    /// <summary>Every column with its type, hidden flag and annotation values.</summary>
    private static string[] Describe(DataViewSchema schema)
        => schema.Select(c => $"{c.Name}: {c.Type}{(c.IsHidden ? " (hidden)" : string.Empty)} [" +
            string.Join("; ", c.Annotations.Schema.Select(a => $"{a.Name}: {a.Type} = {ColumnValues.AnnotationText(c, a.Name)}")) + "]").ToArray();

    private static string ShapeText(string name, DataViewType type)
    {
        string kind = type is VectorDataViewType vector ? (vector.IsKnownSize ? "Vector" : "VariableVector") : "Scalar";
        DataViewType item = type is VectorDataViewType v ? v.ItemType : type;
        string itemText = item is KeyDataViewType ? $"Key<{item.RawType.Name}>" : item.RawType.Name;
        return $"{name}: {kind} of {itemText}";
    }

    private static string ShapeText(SchemaShape.Column column)
    {
        string itemText = column.IsKey ? $"Key<{column.ItemType.RawType.Name}>" : column.ItemType.RawType.Name;
        return $"{column.Name}: {column.Kind} of {itemText}";
    }
}
