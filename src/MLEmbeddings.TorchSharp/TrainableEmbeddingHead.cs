using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The embedding head while it trains in TorchSharp: per hidden layer <c>nn.Linear</c>, optionally <c>nn.BatchNorm1d</c>,
/// the activation and dropout; then the output <c>nn.Linear</c> and the row-wise L2 normalisation. Weights start as PyTorch's
/// <c>nn.Linear</c> default (uniform in <c>[-1/sqrt(inputs), 1/sqrt(inputs)]</c>) but are drawn from the estimator's seed,
/// and dropout masks come from a seeded generator, so training never touches TorchSharp's process-wide random state.
/// <see cref="ToLayers"/> copies the weights out (batch normalisation folded in) for the kernels-based transformer.
/// </summary>
internal sealed class TrainableEmbeddingHead : IDisposable
{
    /// <summary>The epsilon of the batch normalisations (PyTorch's default).</summary>
    private const double BatchNormalizationEpsilon = 1e-5;

    private readonly Linear[] _linears;
    private readonly BatchNorm1d?[] _batchNormalizations;
    private readonly EmbeddingHeadActivation _activation;
    private readonly double _dropout;
    private readonly Generator _generator;
    private bool _training = true;

    /// <param name="sizes">Input size, hidden sizes, output size.</param>
    /// <param name="activation">The activation after every hidden layer.</param>
    /// <param name="dropout">Dropout probability after every hidden activation in training.</param>
    /// <param name="batchNormalization">Whether every hidden linear layer is followed by a batch normalisation.</param>
    /// <param name="random">Draws the initial weights.</param>
    /// <param name="generator">Draws the dropout masks.</param>
    public TrainableEmbeddingHead(IReadOnlyList<int> sizes, EmbeddingHeadActivation activation, double dropout, bool batchNormalization, Random random, Generator generator)
    {
        _activation = activation;
        _dropout = dropout;
        _generator = generator;
        int layers = sizes.Count - 1;
        _linears = new Linear[layers];
        _batchNormalizations = new BatchNorm1d?[layers];
        using (no_grad())
        {
            for (int l = 0; l < layers; l++)
            {
                _linears[l] = nn.Linear(sizes[l], sizes[l + 1]);
                double bound = 1 / Math.Sqrt(sizes[l]);
                FillUniform(_linears[l].weight!, bound, random);
                FillUniform(_linears[l].bias!, bound, random);
                if (batchNormalization && l < layers - 1)
                {
                    _batchNormalizations[l] = nn.BatchNorm1d(sizes[l + 1], eps: BatchNormalizationEpsilon);
                }
            }
        }
    }

    /// <summary>Every trained parameter: weights and biases, and the batch normalisations' scales and shifts.</summary>
    public IEnumerable<Parameter> Parameters()
    {
        for (int l = 0; l < _linears.Length; l++)
        {
            yield return _linears[l].weight!;
            yield return _linears[l].bias!;
            if (_batchNormalizations[l] is BatchNorm1d normalization)
            {
                yield return normalization.weight!;
                yield return normalization.bias!;
            }
        }
    }

    /// <summary>Switches between training (batch statistics, dropout) and inference (running statistics, no dropout).</summary>
    public void SetTraining(bool training)
    {
        _training = training;
        foreach (BatchNorm1d? normalization in _batchNormalizations)
        {
            normalization?.train(training);
        }
    }

    /// <summary>The unit-norm embeddings of the rows of <paramref name="input"/> (<c>n x inputs</c>).</summary>
    public Tensor Forward(Tensor input)
    {
        Tensor current = input;
        for (int l = 0; l < _linears.Length; l++)
        {
            current = _linears[l].call(current);
            if (l == _linears.Length - 1)
            {
                break;
            }

            if (_batchNormalizations[l] is BatchNorm1d normalization)
            {
                current = normalization.call(current);
            }

            current = _activation switch
            {
                EmbeddingHeadActivation.Relu => nn.functional.relu(current),
                EmbeddingHeadActivation.LeakyRelu => nn.functional.leaky_relu(current, EmbeddingHeadNetwork.LeakyReluSlope),
                _ => current.tanh(),
            };
            if (_training && _dropout > 0)
            {
                Tensor keep = rand(current.shape, generator: _generator).ge(_dropout).to_type(current.dtype);
                current = current * keep / (1 - _dropout);
            }
        }

        return nn.functional.normalize(current, p: 2, dim: 1, eps: EmbeddingHeadNetwork.NormalizationEpsilon);
    }

    /// <summary>The layers for inference: each linear layer's weights and bias, with a following batch normalisation folded in (<c>W' = s W</c>, <c>b' = s (b - mean) + shift</c>, <c>s = scale / sqrt(var + eps)</c>).</summary>
    public EmbeddingHeadLayer[] ToLayers()
    {
        var layers = new EmbeddingHeadLayer[_linears.Length];
        using (no_grad())
        {
            for (int l = 0; l < _linears.Length; l++)
            {
                Tensor weight = _linears[l].weight!.to_type(ScalarType.Float64);
                Tensor bias = _linears[l].bias!.to_type(ScalarType.Float64);
                if (_batchNormalizations[l] is BatchNorm1d normalization)
                {
                    Tensor scale = normalization.weight!.to_type(ScalarType.Float64) / (normalization.running_var!.to_type(ScalarType.Float64) + BatchNormalizationEpsilon).sqrt();
                    weight = weight * scale.unsqueeze(1);
                    bias = ((bias - normalization.running_mean!.to_type(ScalarType.Float64)) * scale) + normalization.bias!.to_type(ScalarType.Float64);
                }

                float[] weights = weight.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
                float[] biases = bias.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
                layers[l] = new EmbeddingHeadLayer(new DenseMatrix((int)weight.shape[0], (int)weight.shape[1], weights), biases);
            }
        }

        return layers;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Linear linear in _linears)
        {
            linear.Dispose();
        }

        foreach (BatchNorm1d? normalization in _batchNormalizations)
        {
            normalization?.Dispose();
        }
    }

    private static void FillUniform(Tensor parameter, double bound, Random random)
    {
        var values = new float[parameter.numel()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }

        using Tensor source = tensor(values, parameter.shape);
        parameter.copy_(source);
    }
}
