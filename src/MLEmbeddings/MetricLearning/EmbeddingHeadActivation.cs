namespace MLEmbeddings.MetricLearning;

/// <summary>The non-linearity applied after every hidden layer of an embedding head (never after the output layer).</summary>
public enum EmbeddingHeadActivation
{
    /// <summary>Rectified linear unit <c>max(x, 0)</c> (PyTorch <c>nn.ReLU</c>, ONNX <c>Relu</c>).</summary>
    Relu = 0,

    /// <summary>Leaky rectified linear unit <c>x</c> for <c>x &gt;= 0</c>, <c>0.01 x</c> otherwise (PyTorch <c>nn.LeakyReLU()</c>, ONNX <c>LeakyRelu</c> with <c>alpha = 0.01</c>).</summary>
    LeakyRelu = 1,

    /// <summary>Hyperbolic tangent (PyTorch <c>nn.Tanh</c>, ONNX <c>Tanh</c>).</summary>
    Tanh = 2,
}
