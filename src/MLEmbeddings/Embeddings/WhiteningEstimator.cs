using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Learns a whitening map from the rows it is fitted on: the mean and the sample covariance (denominator <c>n - 1</c>),
/// then PCA or ZCA whitening (see <see cref="WhiteningKind"/>), so that the outputs on the fitted data have identity
/// covariance (up to <c>lambda / (lambda + epsilon)</c>). Created by <c>mlContext.Transforms.WhitenEmbedding(...)</c>.
/// </summary>
public sealed class WhiteningEstimator : EmbeddingEstimatorBase<WhiteningTransformer>
{
    private readonly WhiteningOptions _options;

    internal WhiteningEstimator(ComponentHost host, WhiteningOptions options)
        : base(host, Validated(options).OutputColumnName, options.InputColumnName)
        => _options = options.Clone();

    private protected override bool ReadsRows => true;

    private protected override DataViewType OutputShapeType => new VectorDataViewType(NumberDataViewType.Single, 1);

    private protected override void CheckInputSize(int inputSize, string parameterName)
    {
        if (_options.Rank is int rank)
        {
            RequireAtMostInputSize("Rank", rank, inputSize, parameterName);
        }
    }

    private protected override WhiteningTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows)
    {
        bool zeroPhase = _options.Kind == WhiteningKind.Zca;
        int rank = _options.Rank ?? inputSize;
        (float[] mean, float[] weights, double[] eigenvalues) = Kernels.Whitening.Fit(rows!.View, zeroPhase, rank, _options.Epsilon, _options.MaxDegreeOfParallelism);
        Host.Info($"Whitening ({_options.Kind}) fitted on {rows.Count} rows of dimension {inputSize}; output size {(zeroPhase ? inputSize : rank)}.");
        return new WhiteningTransformer(
            InputColumnName,
            OutputColumnName,
            inputSize,
            _options.Kind,
            _options.Epsilon,
            mean,
            Kernels.DenseMatrix.FromView(new Kernels.ReadOnlyMatrixView(weights, zeroPhase ? inputSize : rank, inputSize)),
            eigenvalues,
            _options.MaxDegreeOfParallelism);
    }

    private static WhiteningOptions Validated(WhiteningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
