using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// 1-bit quantization of embeddings (see <see cref="BinaryQuantization"/>): learns the per-dimension means when
/// <see cref="BinaryQuantizationThreshold.Mean"/> is chosen, otherwise only checks the input. Created by
/// <c>mlContext.Transforms.QuantizeEmbeddingBinary(...)</c>.
/// </summary>
public sealed class BinaryQuantizationEstimator : EmbeddingEstimatorBase<BinaryQuantizationTransformer>
{
    private readonly BinaryQuantizationThreshold _threshold;

    internal BinaryQuantizationEstimator(ComponentHost host, BinaryQuantizationOptions options)
        : base(host, Validated(options).OutputColumnName, options.InputColumnName)
        => _threshold = options.Threshold;

    private protected override bool ReadsRows => _threshold == BinaryQuantizationThreshold.Mean;

    private protected override DataViewType OutputShapeType => new VectorDataViewType(NumberDataViewType.Byte, 1);

    private protected override BinaryQuantizationTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows)
    {
        var thresholds = new float[inputSize];
        if (rows is not null)
        {
            BinaryQuantization.TrainMeans(rows.View, thresholds);
            Host.Info($"Binary quantization thresholds (means) learned from {rows.Count} rows of dimension {inputSize}.");
        }

        return new BinaryQuantizationTransformer(InputColumnName, OutputColumnName, inputSize, _threshold, thresholds);
    }

    private static BinaryQuantizationOptions Validated(BinaryQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
