using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace MLEmbeddings.Tests.Embeddings;

/// <summary>
/// L2 normalisation is not rebuilt: ML.NET's <c>NormalizeLpNorm</c> already does it. These tests pin the behaviour the
/// README relies on: <c>y = x / ||x||_2</c> with a zero vector kept at zero, and a known-size output.
/// </summary>
public class L2NormalizationTests
{
    [Fact]
    public void NormalizeLpNorm_divides_by_the_L2_norm_and_keeps_zero_vectors()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(50, 9, seed: 3);
        rows[4] = new float[9];
        IDataView data = TestData.FromRows(mlContext, rows);
        IDataView output = mlContext.Transforms.NormalizeLpNorm("Unit", "Features", LpNormNormalizingEstimatorBase.NormFunction.L2).Fit(data).Transform(data);
        Assert.Equal(9, ((Microsoft.ML.Data.VectorDataViewType)output.Schema["Unit"].Type).Size);
        float[][] unit = ColumnValues.Vectors(output, "Unit");
        for (int i = 0; i < rows.Length; i++)
        {
            double norm = Math.Sqrt(rows[i].Sum(v => (double)v * v));
            for (int j = 0; j < 9; j++)
            {
                Assert.Equal(norm == 0 ? 0 : rows[i][j] / norm, unit[i][j], 1e-6);
            }
        }
    }
}
