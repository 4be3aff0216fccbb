using System.Globalization;
using MLEmbeddings.Embeddings;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Embeddings;

public class SparseRandomProjectionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pairwise_distances_of_the_fixture_stay_within_the_Johnson_Lindenstrauss_bound(int seed)
    {
        string[] lines = File.ReadAllLines(RepositoryFiles.Path("tests/fixtures/evaluation_jl_points.csv"));
        int minimumRank = int.Parse(lines[0]["min_dim=".Length..], CultureInfo.InvariantCulture);
        Assert.Equal(minimumRank, SparseRandomProjection.MinimumRank(30, 0.5));
        float[][] points = lines.Skip(1).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, points);
        var options = new SparseRandomProjectionOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = minimumRank, Seed = seed };
        float[][] projected = ColumnValues.Vectors(mlContext.Transforms.SparseRandomProjection(options).Fit(data).Transform(data), "Projected");
        for (int i = 0; i < points.Length; i++)
        {
            for (int j = i + 1; j < points.Length; j++)
            {
                double before = Squared(points[i], points[j]);
                double after = Squared(projected[i], projected[j]);
                Assert.InRange(after / before, 0.5, 1.5);
            }
        }
    }

    [Fact]
    public void Sparse_and_dense_inputs_give_the_same_projection_and_the_density_option_is_used()
    {
        float[][] rows = TestData.RandomRows(20, 64, seed: 2).Select(r => r.Select(v => v > 0.5f ? v : 0f).ToArray()).ToArray();
        var mlContext = new MLContext(1);
        var options = new SparseRandomProjectionOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = 16, Density = 0.25, Seed = 3 };
        SparseRandomProjectionTransformer model = mlContext.Transforms.SparseRandomProjection(options).Fit(TestData.FromRows(mlContext, rows));
        Assert.InRange(model.TransposedComponents.NonZeroCount / (64.0 * 16), 0.17, 0.33);
        Assert.Equal(0.25, model.Density);
        float[][] dense = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, rows)), "Projected");
        float[][] sparse = ColumnValues.Vectors(model.Transform(TestData.FromRowsSparse(mlContext, rows)), "Projected");
        Assert.Equal(dense, sparse);
        SparseRandomProjectionTransformer other = mlContext.Transforms.SparseRandomProjection(new SparseRandomProjectionOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = 16, Seed = 4 }).Fit(TestData.FromRows(mlContext, rows));
        Assert.Equal(1 / Math.Sqrt(64), other.Density, 12);
        Assert.NotEqual(model.TransposedComponents.ColumnIndices.ToArray(), other.TransposedComponents.ColumnIndices.ToArray());
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        float[][] rows = TestData.RandomRows(40, 30, seed: 6);
        EstimatorConformance.Check(new ConformanceCase<SparseRandomProjectionTransformer>
        {
            CreateEstimator = ml => ml.Transforms.SparseRandomProjection("Projected", "Features", rank: 7),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Projected", new VectorDataViewType(NumberDataViewType.Single, 7))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    [Fact]
    public void Bad_options_and_values_are_rejected()
    {
        var mlContext = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.SparseRandomProjection("P", rank: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.SparseRandomProjection(new SparseRandomProjectionOptions { OutputColumnName = "P", Density = 1.5 }));
        float[][] rows = TestData.RandomRows(5, 4, seed: 1);
        rows[3][2] = float.PositiveInfinity;
        IDataView data = TestData.FromRows(mlContext, rows);
        IDataView output = mlContext.Transforms.SparseRandomProjection("P", "Features", 3).Fit(data).Transform(data);
        Assert.Contains("Column 'Features', row 3: slot 2 is", Assert.Throws<ArgumentException>(() => ColumnValues.Vectors(output, "P")).Message, StringComparison.Ordinal);
    }

    private static double Squared(float[] x, float[] y) => x.Zip(y, (a, b) => ((double)a - b) * (a - b)).Sum();
}
