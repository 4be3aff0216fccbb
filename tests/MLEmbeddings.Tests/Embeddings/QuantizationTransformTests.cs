using MLEmbeddings.Embeddings;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Embeddings;

public class QuantizationTransformTests
{
    [Fact]
    public void Int8_codes_decode_within_half_a_step_of_the_input()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(300, 10, seed: 3).Select(r => r.Select((v, j) => v * (j + 1)).ToArray()).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows);
        ScalarQuantizationTransformer model = mlContext.Transforms.QuantizeEmbeddingInt8("Codes", "Features").Fit(data);
        sbyte[][] codes = ColumnValues.Vectors<sbyte>(model.Transform(data), "Codes");
        for (int i = 0; i < rows.Length; i++)
        {
            var decoded = new float[10];
            model.Decode(codes[i], decoded);
            for (int j = 0; j < 10; j++)
            {
                double min = rows.Min(r => r[j]);
                double max = rows.Max(r => r[j]);
                Assert.Equal(min, model.Minimums[j]);
                Assert.Equal(max, model.Maximums[j]);
                Assert.True(Math.Abs(decoded[j] - rows[i][j]) <= ((max - min) / 255 / 2) + 1e-6, $"row {i} dim {j}");
            }
        }
    }

    [Fact]
    public void Binary_codes_keep_the_sign_against_zero_or_the_fitted_mean()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(50, 11, seed: 4).Select(r => r.Select(v => v + 0.3f).ToArray()).ToArray();
        IDataView data = TestData.FromRows(mlContext, rows);
        foreach (BinaryQuantizationThreshold threshold in Enum.GetValues<BinaryQuantizationThreshold>())
        {
            BinaryQuantizationTransformer model = mlContext.Transforms.QuantizeEmbeddingBinary("Bits", "Features", threshold).Fit(data);
            byte[][] codes = ColumnValues.Vectors<byte>(model.Transform(data), "Bits");
            Assert.Equal(2, model.CodeLength);
            for (int j = 0; j < 11; j++)
            {
                double expectedThreshold = threshold == BinaryQuantizationThreshold.Zero ? 0 : rows.Average(r => (double)r[j]);
                Assert.Equal(expectedThreshold, model.Thresholds[j], 1e-6);
                for (int i = 0; i < rows.Length; i++)
                {
                    bool bit = ((codes[i][j / 8] >> (j % 8)) & 1) == 1;
                    Assert.Equal(rows[i][j] > model.Thresholds[j], bit);
                }
            }
        }
    }

    [Fact]
    public void Both_quantizers_pass_the_estimator_conformance_check()
    {
        float[][] rows = TestData.RandomRows(300, 13, seed: 6);
        ScalarQuantizationTransformer scalar = EstimatorConformance.Check(new ConformanceCase<ScalarQuantizationTransformer>
        {
            CreateEstimator = ml => ml.Transforms.QuantizeEmbeddingInt8("Codes", "Features"),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Codes", new VectorDataViewType(NumberDataViewType.SByte, 13))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
        Assert.Equal(13, scalar.Steps.Length);
        EstimatorConformance.Check(new ConformanceCase<BinaryQuantizationTransformer>
        {
            CreateEstimator = ml => ml.Transforms.QuantizeEmbeddingBinary(new BinaryQuantizationOptions { OutputColumnName = "Bits", InputColumnName = "Features", Threshold = BinaryQuantizationThreshold.Mean }),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Bits", new VectorDataViewType(NumberDataViewType.Byte, 2))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    [Fact]
    public void Invalid_options_are_rejected_at_the_catalog()
    {
        var mlContext = new MLContext(1);
        Assert.ThrowsAny<ArgumentException>(() => mlContext.Transforms.QuantizeEmbeddingInt8(string.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.QuantizeEmbeddingBinary("Bits", threshold: (BinaryQuantizationThreshold)7));
        Assert.Throws<ArgumentNullException>(() => mlContext.Transforms.QuantizeEmbeddingInt8((ScalarQuantizationOptions)null!));
    }
}
