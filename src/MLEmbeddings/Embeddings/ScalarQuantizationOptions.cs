namespace MLEmbeddings.Embeddings;

/// <summary>
/// Options of <c>mlContext.Transforms.QuantizeEmbeddingInt8</c>: int8 scalar quantization with per-dimension ranges
/// learned at <c>Fit</c> (faiss <c>ScalarQuantizer</c> <c>QT_8bit</c>, sentence-transformers <c>precision="int8"</c>).
/// </summary>
public sealed class ScalarQuantizationOptions : EmbeddingColumnOptions
{
    /// <summary>A copy of these options.</summary>
    internal ScalarQuantizationOptions Clone() => (ScalarQuantizationOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">A column name is invalid.</exception>
    internal void Validate() => ValidateColumns();
}
