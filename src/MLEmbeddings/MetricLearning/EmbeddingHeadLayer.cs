using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// One affine layer of an embedding head, <c>y = W x + b</c> (PyTorch <c>nn.Linear</c>), with any batch normalisation
/// that followed it in training already folded into <c>W</c> and <c>b</c>. Immutable.
/// </summary>
public sealed class EmbeddingHeadLayer
{
    private readonly float[] _bias;

    internal EmbeddingHeadLayer(DenseMatrix weights, ReadOnlySpan<float> bias)
    {
        if (bias.Length != weights.Rows)
        {
            throw new ArgumentException($"The bias has {bias.Length} values; expected one per output, {weights.Rows}.", nameof(bias));
        }

        Weights = weights;
        _bias = bias.ToArray();
    }

    /// <summary>The weights <c>W</c>, <c>outputs x inputs</c>: output <c>k</c> is row <c>k</c> dotted with the input, plus <c>b[k]</c>.</summary>
    public DenseMatrix Weights { get; }

    /// <summary>The bias <c>b</c>, one value per output.</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>Values the layer reads, the columns of <see cref="Weights"/>.</summary>
    public int InputSize => Weights.Columns;

    /// <summary>Values the layer writes, the rows of <see cref="Weights"/>.</summary>
    public int OutputSize => Weights.Rows;
}
