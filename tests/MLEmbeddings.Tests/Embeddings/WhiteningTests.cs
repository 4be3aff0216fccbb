using MLEmbeddings.Embeddings;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Embeddings;

public class WhiteningTests
{
    [Theory]
    [InlineData(WhiteningKind.Pca, null)]
    [InlineData(WhiteningKind.Pca, 4)]
    [InlineData(WhiteningKind.Zca, null)]
    public void Outputs_on_the_fitted_data_have_identity_covariance(WhiteningKind kind, int? rank)
    {
        float[][] rows = CorrelatedRows(500, 7, seed: 2);
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, rows);
        WhiteningTransformer model = mlContext.Transforms.WhitenEmbedding(new WhiteningOptions { OutputColumnName = "White", InputColumnName = "Features", Kind = kind, Rank = rank, Epsilon = 0 }).Fit(data);
        float[][] output = ColumnValues.Vectors(model.Transform(data), "White");
        int size = rank ?? 7;
        Assert.Equal(size, output[0].Length);
        double[,] covariance = Covariance(output);
        for (int a = 0; a < size; a++)
        {
            for (int b = 0; b < size; b++)
            {
                Assert.Equal(a == b ? 1.0 : 0.0, covariance[a, b], 1e-3);
            }
        }

        if (kind == WhiteningKind.Zca)
        {
            // ZCA's matrix is symmetric: W = V diag(1/sqrt(lambda)) V^T.
            for (int a = 0; a < 7; a++)
            {
                for (int b = 0; b < 7; b++)
                {
                    Assert.Equal(model.Weights[a, b], model.Weights[b, a], 1e-4 * Math.Abs(model.Weights[a, a]));
                }
            }
        }

        double[] variances = model.Variances.ToArray();
        Assert.True(variances.Zip(variances.Skip(1), (x, y) => x >= y).All(b => b));
    }

    [Fact]
    public void Epsilon_shrinks_the_output_variances_to_lambda_over_lambda_plus_epsilon()
    {
        float[][] rows = CorrelatedRows(300, 3, seed: 5);
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, rows);
        WhiteningTransformer model = mlContext.Transforms.WhitenEmbedding(new WhiteningOptions { OutputColumnName = "White", InputColumnName = "Features", Epsilon = 0.5 }).Fit(data);
        double[,] covariance = Covariance(ColumnValues.Vectors(model.Transform(data), "White"));
        for (int i = 0; i < 3; i++)
        {
            double lambda = model.Variances[i];
            Assert.Equal(lambda / (lambda + 0.5), covariance[i, i], 1e-4);
        }
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        float[][] rows = CorrelatedRows(300, 6, seed: 9);
        WhiteningTransformer model = EstimatorConformance.Check(new ConformanceCase<WhiteningTransformer>
        {
            CreateEstimator = ml => ml.Transforms.WhitenEmbedding("White", "Features", rank: 3),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("White", new VectorDataViewType(NumberDataViewType.Single, 3))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
        Assert.Equal((3, 6, 6), (model.OutputSize, model.InputSize, model.Mean.Length));
        EstimatorConformance.Check(new ConformanceCase<WhiteningTransformer>
        {
            CreateEstimator = ml => ml.Transforms.WhitenEmbedding("Features", kind: WhiteningKind.Zca),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 6))],
        });
    }

    [Fact]
    public void Bad_settings_are_rejected_with_messages()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, CorrelatedRows(20, 4, seed: 1));
        var larger = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.WhitenEmbedding("White", "Features", rank: 5).Fit(data));
        Assert.Contains("Rank is 5 but column 'Features' has vectors of size 4. Choose Rank in [1, 4]", larger.Message, StringComparison.Ordinal);
        var zca = Assert.Throws<ArgumentException>(() => mlContext.Transforms.WhitenEmbedding("White", "Features", WhiteningKind.Zca, 2));
        Assert.Contains("Kind is Zca", zca.Message, StringComparison.Ordinal);
        float[][] flat = CorrelatedRows(20, 4, seed: 1).Select(r => new[] { r[0], r[1], r[0] + r[1], 0f }).ToArray();
        var singular = Assert.Throws<ArgumentException>(() => mlContext.Transforms.WhitenEmbedding(new WhiteningOptions { OutputColumnName = "White", InputColumnName = "Features", Epsilon = 0 }).Fit(TestData.FromRows(mlContext, flat)));
        Assert.Contains("Set Epsilon > 0", singular.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 rows", Assert.Throws<ArgumentException>(() => mlContext.Transforms.WhitenEmbedding("White", "Features").Fit(TestData.FromRows(mlContext, CorrelatedRows(1, 4, 1)))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.WhitenEmbedding(new WhiteningOptions { OutputColumnName = "White", Epsilon = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.WhitenEmbedding("White", rank: 0));
    }

    internal static float[][] CorrelatedRows(int count, int dimension, int seed)
    {
        float[][] raw = TestData.RandomRows(count, dimension, seed);
        float[][] mixing = TestData.RandomRows(dimension, dimension, seed + 100);
        return raw.Select(r => Enumerable.Range(0, dimension).Select(j => 3f + Enumerable.Range(0, dimension).Sum(t => r[t] * mixing[t][j] * (t + 1))).ToArray()).ToArray();
    }

    private static double[,] Covariance(float[][] rows)
    {
        int n = rows.Length;
        int d = rows[0].Length;
        double[] mean = Enumerable.Range(0, d).Select(j => rows.Average(r => (double)r[j])).ToArray();
        var covariance = new double[d, d];
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                covariance[a, b] = rows.Sum(r => (r[a] - mean[a]) * (r[b] - mean[b])) / (n - 1);
            }
        }

        return covariance;
    }
}
