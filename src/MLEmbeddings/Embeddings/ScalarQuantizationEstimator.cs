using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Learns the smallest and largest value of every dimension from the rows it is fitted on; the transformer maps each
/// value to one of 256 int8 codes (see <see cref="ScalarQuantization"/>). Created by
/// <c>mlContext.Transforms.QuantizeEmbeddingInt8(...)</c>.
/// </summary>
public sealed class ScalarQuantizationEstimator : EmbeddingEstimatorBase<ScalarQuantizationTransformer>
{
    internal ScalarQuantizationEstimator(ComponentHost host, ScalarQuantizationOptions options)
        : base(host, Validated(options).OutputColumnName, options.InputColumnName)
    {
    }

    private protected override bool ReadsRows => true;

    private protected override DataViewType OutputShapeType => new VectorDataViewType(NumberDataViewType.SByte, 1);

    private protected override ScalarQuantizationTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows)
    {
        var minimums = new float[inputSize];
        var maximums = new float[inputSize];
        ScalarQuantization.TrainRanges(rows!.View, minimums, maximums);
        Host.Info($"Int8 quantization ranges learned from {rows.Count} rows of dimension {inputSize}.");
        return new ScalarQuantizationTransformer(InputColumnName, OutputColumnName, inputSize, minimums, maximums);
    }

    private static ScalarQuantizationOptions Validated(ScalarQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Clone();
    }
}
