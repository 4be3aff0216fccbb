using MLEmbeddings.Embeddings;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

public class TruncateEmbeddingTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(16, true)]
    [InlineData(4, false)]
    public void MatchesTheDoublePrecisionOracle(int dimension, bool normalize)
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(300, 16, seed: 21);
        rows[5] = new float[16];
        rows[6][0] = 1e30f;
        rows[7] = rows[7].Select(v => v * 1e-30f).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows);
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension, normalize).Fit(data);
        float[][] actual = ColumnValues.Vectors(model.Transform(data), "Short");

        for (int i = 0; i < rows.Length; i++)
        {
            double[] expected = TruncateOracle.Truncate(rows[i], dimension, normalize);
            Assert.Equal(dimension, actual[i].Length);
            for (int j = 0; j < dimension; j++)
            {
                double tolerance = normalize ? 2e-6 : 0;
                Assert.True(Math.Abs(expected[j] - actual[i][j]) <= tolerance, $"row {i} slot {j}: {actual[i][j]} vs {expected[j]}");
            }
        }

        Assert.All(actual[5], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void NormalizedOutputsHaveUnitNorm()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(64, 32, seed: 4));
        float[][] output = ColumnValues.Vectors(mlContext.Transforms.TruncateEmbedding("Features", dimension: 8).Fit(data).Transform(data), "Features");
        Assert.All(output, row => Assert.Equal(1.0, Math.Sqrt(row.Sum(v => (double)v * v)), 5));
    }

    [Fact]
    public void PassesTheEstimatorConformanceCheck()
    {
        float[][] rows = TestData.RandomRows(700, 12, seed: 7);
        TruncateEmbeddingTransformer model = EstimatorConformance.Check(new ConformanceCase<TruncateEmbeddingTransformer>
        {
            CreateEstimator = ml => ml.Transforms.TruncateEmbedding("Short", "Features", dimension: 5),
            CreateData = ml => TestData.FromRows(ml, rows, new[] { "a", "b", "c", "d", "e", "f", "g" }.SelectMany(l => Enumerable.Repeat(l, 100)).ToArray()),
            ExpectedOutputs = [new ExpectedColumn("Short", new VectorDataViewType(NumberDataViewType.Single, 5))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
        Assert.Equal(("Features", "Short", 5, true, 12), (model.InputColumnName, model.OutputColumnName, model.Dimension, model.Normalize, model.InputSize));
    }

    [Fact]
    public void ReplacingTheInputColumnPassesTheConformanceCheckToo()
    {
        float[][] rows = TestData.RandomRows(40, 6, seed: 1);
        EstimatorConformance.Check(new ConformanceCase<TruncateEmbeddingTransformer>
        {
            CreateEstimator = ml => ml.Transforms.TruncateEmbedding(new TruncateEmbeddingOptions { OutputColumnName = "Features", Dimension = 6, Normalize = false }),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 6))],
        });
    }

    [Fact]
    public void DimensionLargerThanTheInputFailsAtFitNamingBothSizes()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(3, 8, seed: 1));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 9).Fit(data));
        Assert.Contains("Dimension is 9 but column 'Features' has vectors of size 8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptionsAreRejectedAtTheCatalog()
    {
        var mlContext = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 0));
        Assert.ThrowsAny<ArgumentException>(() => mlContext.Transforms.TruncateEmbedding(string.Empty));
        Assert.Throws<ArgumentException>(() => mlContext.Transforms.TruncateEmbedding(new TruncateEmbeddingOptions { OutputColumnName = "A", InputColumnName = string.Empty }));
        Assert.Throws<ArgumentNullException>(() => mlContext.Transforms.TruncateEmbedding((TruncateEmbeddingOptions)null!));
    }

    [Fact]
    public void OptionsAreCopiedWhenTheEstimatorIsCreated()
    {
        var mlContext = new MLContext(1);
        var options = new TruncateEmbeddingOptions { OutputColumnName = "Short", InputColumnName = "Features", Dimension = 2 };
        TruncateEmbeddingEstimator estimator = mlContext.Transforms.TruncateEmbedding(options);
        options.Dimension = 3;
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(3, 8, seed: 1));
        Assert.Equal(2, estimator.Fit(data).Dimension);
    }

    [Fact]
    public void NonFiniteValuesAreReportedWithTheirRow()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(600, 4, seed: 1);
        rows[517][1] = float.NaN;
        IDataView data = TestData.FromRows(mlContext, rows);
        IDataView output = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 2).Fit(data).Transform(data);
        var exception = Assert.Throws<ArgumentException>(() => ColumnValues.Vectors(output, "Short"));
        Assert.Contains("Column 'Features', row 517: slot 1 is NaN", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoringDataOfAnotherSizeIsRejectedNamingBothSizes()
    {
        var mlContext = new MLContext(1);
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 2)
            .Fit(TestData.FromRows(mlContext, TestData.RandomRows(3, 8, seed: 1)));
        IDataView other = TestData.FromRows(mlContext, TestData.RandomRows(3, 16, seed: 1));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(other));
        Assert.Contains("trained on vectors of size 8, but the input has vectors of size 16", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictionEngineScoresSingleRowsLikeTheBatchedTransform()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(5, 6, seed: 12);
        IDataView data = TestData.FromRows(mlContext, rows);
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 3).Fit(data);
        float[][] batched = ColumnValues.Vectors(model.Transform(data), "Short");
        var definition = SchemaDefinition.Create(typeof(EmbeddingInput));
        definition[nameof(EmbeddingInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 6);
        using var engine = mlContext.Model.CreatePredictionEngine<EmbeddingInput, TruncatedOutput>(model, inputSchemaDefinition: definition);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(batched[i], engine.Predict(new EmbeddingInput { Features = rows[i] }).Short);
        }
    }

    [Fact]
    public void ModelSavedInOneContextLoadsInAFreshRegisteredContextAsTheSameType()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(10, 8, seed: 3));
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Short", "Features", dimension: 3, normalize: false).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        ITransformer loaded = new MLContext(2).RegisterMLEmbeddings().Model.Load(stream, out _);
        TruncateEmbeddingTransformer back = Assert.IsType<TruncateEmbeddingTransformer>(loaded);
        Assert.Equal((model.InputColumnName, model.OutputColumnName, model.Dimension, model.Normalize, model.InputSize), (back.InputColumnName, back.OutputColumnName, back.Dimension, back.Normalize, back.InputSize));
    }

    private sealed class EmbeddingInput
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class TruncatedOutput
    {
        public float[] Short { get; set; } = [];
    }
}
