using System.Buffers;
using System.Numerics.Tensors;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// The inference computation of an embedding head on a block of rows: for each layer <c>h = W h + b</c> (one
/// <see cref="Gemm"/> call for the block, then the bias row by row), the activation after every layer but the last,
/// and finally every row divided by <c>max(||h||, 1e-12)</c> (PyTorch <c>F.normalize</c>). Kept apart from the pipeline glue.
/// </summary>
internal sealed class EmbeddingHeadNetwork
{
    /// <summary>The <c>epsilon</c> of the final normalisation <c>h / max(||h||, epsilon)</c> (PyTorch <c>F.normalize</c>'s default).</summary>
    public const float NormalizationEpsilon = 1e-12f;

    /// <summary>The negative slope of <see cref="EmbeddingHeadActivation.LeakyRelu"/> (PyTorch's default).</summary>
    public const float LeakyReluSlope = 0.01f;

    private readonly EmbeddingHeadLayer[] _layers;
    private readonly int _widestHidden;

    /// <exception cref="ArgumentException">No layer, or a layer's input size differs from the previous layer's output size.</exception>
    public EmbeddingHeadNetwork(IReadOnlyList<EmbeddingHeadLayer> layers, EmbeddingHeadActivation activation)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("An embedding head needs at least one layer.", nameof(layers));
        }

        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].InputSize != layers[l - 1].OutputSize)
            {
                throw new ArgumentException($"Layer {l} reads {layers[l].InputSize} values but layer {l - 1} writes {layers[l - 1].OutputSize}.", nameof(layers));
            }
        }

        _layers = layers.ToArray();
        Activation = activation;
        _widestHidden = _layers.Length == 1 ? 0 : _layers[..^1].Max(layer => layer.OutputSize);
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<EmbeddingHeadLayer> Layers => _layers;

    /// <summary>The activation after every hidden layer.</summary>
    public EmbeddingHeadActivation Activation { get; }

    /// <summary>Values per input row.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Values per output row (the embedding dimension).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Computes the unit-norm embeddings of the rows of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">Rows of <see cref="InputSize"/> values.</param>
    /// <param name="output">As many rows as <paramref name="input"/>, <see cref="OutputSize"/> columns.</param>
    /// <param name="maxDegreeOfParallelism">Threads of the matrix products; -1 for all cores. Results do not depend on it.</param>
    public void Forward(ReadOnlyMatrixView input, MatrixView output, int maxDegreeOfParallelism)
    {
        int rows = input.Rows;
        float[] first = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * _widestHidden));
        float[] second = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * _widestHidden));
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, _widestHidden));
        try
        {
            ReadOnlyMatrixView current = input;
            for (int l = 0; l < _layers.Length; l++)
            {
                EmbeddingHeadLayer layer = _layers[l];
                bool last = l == _layers.Length - 1;
                MatrixView destination = last ? output : new MatrixView((l % 2 == 0 ? first : second).AsMemory(0, rows * layer.OutputSize), rows, layer.OutputSize);
                Gemm.MultiplyTransposed(current, layer.Weights.AsView(), destination, maxDegreeOfParallelism: maxDegreeOfParallelism);
                for (int r = 0; r < rows; r++)
                {
                    Span<float> row = destination.Row(r);
                    TensorPrimitives.Add(row, layer.Bias, row);
                    if (!last)
                    {
                        Activate(row, scratch);
                    }
                }

                current = destination;
            }

            for (int r = 0; r < rows; r++)
            {
                Span<float> row = output.Row(r);
                TensorPrimitives.Divide(row, MathF.Max(VectorOperations.L2Norm(row), NormalizationEpsilon), row);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
            ArrayPool<float>.Shared.Return(second);
            ArrayPool<float>.Shared.Return(first);
        }
    }

    private void Activate(Span<float> row, float[] scratch)
    {
        switch (Activation)
        {
            case EmbeddingHeadActivation.Relu:
                TensorPrimitives.Max(row, 0f, row);
                break;
            case EmbeddingHeadActivation.LeakyRelu:
                // max(x, slope x) equals x for x >= 0 and slope x below, since 0 < slope < 1.
                Span<float> scaled = scratch.AsSpan(0, row.Length);
                TensorPrimitives.Multiply(row, LeakyReluSlope, scaled);
                TensorPrimitives.Max(row, scaled, row);
                break;
            default:
                TensorPrimitives.Tanh(row, row);
                break;
        }
    }
}
