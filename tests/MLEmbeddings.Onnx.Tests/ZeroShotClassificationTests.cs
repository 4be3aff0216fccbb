using System.Text.Json;
using MLEmbeddings.Onnx;
using MLEmbeddings.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Zero-shot classification against the fixture script's numpy computation on the torch references (zero_shot.json).</summary>
public sealed class ZeroShotClassificationTests : IDisposable
{
    private static readonly ZeroShotFixture Fixture = ZeroShotFixture.Read();
    private readonly SentenceEmbeddingGenerator _generator = new(OnnxFixtures.Options());

    [Fact]
    public void Scores_and_predictions_equal_the_reference_and_evaluate_works()
    {
        var mlContext = new MLContext(1);
        IDataView data = LabelledData(mlContext);
        var pipeline = mlContext.Transforms.Text.ApplySentenceEmbedding("Features", "Text", OnnxFixtures.ModelPath, OnnxFixtures.VocabularyPath)
            .Append(mlContext.MulticlassClassification.Trainers.ZeroShotClassification(_generator, Fixture.Classes));
        using TransformerChain<ZeroShotPredictionTransformer> model = pipeline.Fit(data);
        IDataView scored = model.Transform(data);

        float[][] scores = ColumnValues.Vectors(scored, "Score");
        string[] names = PredictedNames(scored);
        for (int i = 0; i < Fixture.Queries.Length; i++)
        {
            OnnxFixtures.AssertClose(Fixture.Queries[i].Probabilities, scores[i], 1e-4, 0.99999, $"query {i}");
        }

        Assert.Equal(Fixture.Queries.Select(q => q.Label), names);
        Assert.Equal(1.0, mlContext.MulticlassClassification.Evaluate(scored).MicroAccuracy);
        Assert.Equal(["sports", "food", "weather"], model.LastTransformer.ClassNames);
        Assert.Equal(["sports", "food", "weather"], model.LastTransformer.Model.Classes.Select(c => c.Name));
    }

    [Fact]
    public void The_temperature_scales_the_similarities_before_the_softmax()
    {
        // softmax(c / 1) = softmax(c / 0.05)^0.05, renormalised: the reference probabilities give the expected scores.
        var mlContext = new MLContext(1);
        IDataView data = Embedded(mlContext, LabelledData(mlContext));
        var options = new ZeroShotClassificationOptions { EmbeddingGenerator = _generator, Temperature = 1f };
        foreach (ZeroShotClass zeroShotClass in Fixture.Classes)
        {
            options.Classes.Add(zeroShotClass);
        }

        float[][] scores = ColumnValues.Vectors(mlContext.MulticlassClassification.Trainers.ZeroShotClassification(options).Fit(data).Transform(data), "Score");
        for (int i = 0; i < Fixture.Queries.Length; i++)
        {
            double[] powered = Fixture.Queries[i].Probabilities.Select(p => Math.Pow(p, 0.05)).ToArray();
            OnnxFixtures.AssertClose(powered.Select(p => p / powered.Sum()).ToArray(), scores[i], 1e-5, 0.99999, $"query {i}");
        }
    }

    [Fact]
    public void The_label_s_key_order_decides_the_class_order()
    {
        var mlContext = new MLContext(1);
        IDataView data = LabelledData(mlContext, keysByValue: true);
        ZeroShotPredictionTransformer model = mlContext.MulticlassClassification.Trainers.ZeroShotClassification(_generator, Fixture.Classes).Fit(Embedded(mlContext, data));
        Assert.Equal(["food", "sports", "weather"], model.ClassNames);
        float[][] scores = ColumnValues.Vectors(model.Transform(Embedded(mlContext, data)), "Score");
        int[] order = [1, 0, 2];
        for (int i = 0; i < Fixture.Queries.Length; i++)
        {
            OnnxFixtures.AssertClose(order.Select(k => Fixture.Queries[i].Probabilities[k]).ToArray(), scores[i], 1e-4, 0.99999, $"query {i}");
        }
    }

    [Fact]
    public void Without_a_label_column_the_classes_keep_their_order_and_names()
    {
        var mlContext = new MLContext(1);
        IDataView data = Embedded(mlContext, OnnxFixtures.Texts(mlContext, Fixture.Queries.Select(q => q.Text)));
        ZeroShotPredictionTransformer model = mlContext.MulticlassClassification.Trainers.ZeroShotClassification(_generator, Fixture.Classes).Fit(data);
        IDataView scored = model.Transform(data);
        Assert.Equal(Fixture.Queries.Select(q => q.Label), PredictedNames(scored));
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        Assert.Equal(["sports", "food", "weather"], slotNames.DenseValues().Select(v => v.ToString()));
    }

    [Fact]
    public void The_trainer_passes_the_conformance_check()
    {
        EstimatorConformance.Check(new ConformanceCase<ZeroShotPredictionTransformer>
        {
            CreateEstimator = ml => ml.MulticlassClassification.Trainers.ZeroShotClassification(_generator, Fixture.Classes),
            CreateData = ml => Embedded(ml, LabelledData(ml)),
            ExpectedOutputs = ExpectedColumn.MulticlassPrediction(3),
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    [Fact]
    public void A_pipeline_with_embedding_and_zero_shot_loads_in_a_fresh_process()
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, Fixture.Queries.Select(q => q.Text));
        var pipeline = mlContext.Transforms.Text.ApplySentenceEmbedding("Features", "Text", OnnxFixtures.ModelPath, OnnxFixtures.VocabularyPath)
            .Append(mlContext.MulticlassClassification.Trainers.ZeroShotClassification(_generator, Fixture.Classes));
        string directory = Directory.CreateTempSubdirectory("mlembeddings-zero-shot-").FullName;
        try
        {
            string zip = Path.Combine(directory, "zero-shot.zip");
            string input = Path.Combine(directory, "texts.txt");
            mlContext.Model.Save(pipeline.Fit(data), data.Schema, zip);
            File.WriteAllLines(input, Fixture.Queries.Select(q => q.Text));
            (int exitCode, string output) = LoadCheckProcess.Run(typeof(ZeroShotClassificationTests).Assembly, [zip, input, "register", "PredictedLabel"]);
            Assert.True(exitCode == 0, output);
            string[] keys = Fixture.Queries.Select(q => (Array.FindIndex(Fixture.Classes, c => c.Name == q.Label) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(keys, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Classes_that_do_not_match_the_label_are_listed()
    {
        var mlContext = new MLContext(1);
        IDataView data = Embedded(mlContext, LabelledData(mlContext));
        ZeroShotClass[] classes = [Fixture.Classes[0], Fixture.Classes[1], new ZeroShotClass("music", "songs and music")];
        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(() => mlContext.MulticlassClassification.Trainers.ZeroShotClassification(_generator, classes).Fit(data));
        Assert.Contains("The classes must be the key values of column 'Label' ('sports', 'food', 'weather'). No class describes 'weather'. The label has no value 'music'.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_checked()
    {
        var trainers = new MLContext(1).MulticlassClassification.Trainers;
        Assert.Contains("EmbeddingGenerator must embed", Assert.ThrowsAny<ArgumentException>(() => trainers.ZeroShotClassification(null!, Fixture.Classes)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one class", Assert.ThrowsAny<ArgumentException>(() => trainers.ZeroShotClassification(_generator, [])).Message, StringComparison.Ordinal);
        Assert.Contains("'sports' appears more than once", Assert.ThrowsAny<ArgumentException>(() => trainers.ZeroShotClassification(_generator, [Fixture.Classes[0], Fixture.Classes[0]])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ZeroShotClass("x"));
    }

    public void Dispose() => _generator.Dispose();

    /// <summary>The predicted labels as class names, through the PredictedLabel column's KeyValues.</summary>
    private static string[] PredictedNames(IDataView scored)
    {
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref keyValues);
        string[] names = keyValues.DenseValues().Select(v => v.ToString()).ToArray();
        return ColumnValues.Scalars<uint>(scored, "PredictedLabel").Select(key => names[key - 1]).ToArray();
    }

    private static IDataView LabelledData(MLContext mlContext, bool keysByValue = false)
    {
        IDataView texts = mlContext.Data.LoadFromEnumerable(Fixture.Queries.Select(q => new LabelledText { Text = q.Text, LabelText = q.Label }).ToList());
        return mlContext.Transforms.Conversion.MapValueToKey(
            "Label", "LabelText", keyOrdinality: keysByValue ? Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue : Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence)
            .Fit(texts).Transform(texts);
    }

    private static IDataView Embedded(MLContext mlContext, IDataView data)
        => mlContext.Transforms.Text.ApplySentenceEmbedding("Features", "Text", OnnxFixtures.ModelPath, OnnxFixtures.VocabularyPath).Fit(data).Transform(data);

    private sealed class LabelledText
    {
        public string Text { get; set; } = string.Empty;

        public string LabelText { get; set; } = string.Empty;
    }

    private sealed record ZeroShotQuery(string Text, string Label, double[] Probabilities);

    private sealed record ZeroShotFixture(ZeroShotClass[] Classes, ZeroShotQuery[] Queries)
    {
        public static ZeroShotFixture Read()
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("tests/fixtures/onnx/zero_shot.json")));
            JsonElement root = document.RootElement;
            Assert.Equal(0.05, root.GetProperty("temperature").GetDouble(), 1e-12);
            ZeroShotClass[] classes = root.GetProperty("classes").EnumerateArray()
                .Select(c => new ZeroShotClass(c.GetProperty("name").GetString()!, c.GetProperty("descriptions").EnumerateArray().Select(d => d.GetString()!).ToArray()))
                .ToArray();
            ZeroShotQuery[] queries = root.GetProperty("queries").EnumerateArray()
                .Select(q => new ZeroShotQuery(q.GetProperty("text").GetString()!, q.GetProperty("label").GetString()!, q.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray()))
                .ToArray();
            return new ZeroShotFixture(classes, queries);
        }
    }
}
