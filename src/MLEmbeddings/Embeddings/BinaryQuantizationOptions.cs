namespace MLEmbeddings.Embeddings;

/// <summary>Options of <c>mlContext.Transforms.QuantizeEmbeddingBinary</c>: 1-bit quantization, eight dimensions per byte.</summary>
public sealed class BinaryQuantizationOptions : EmbeddingColumnOptions
{
    /// <summary>The per-dimension threshold: <see cref="BinaryQuantizationThreshold.Zero"/> (default) or the fitted mean.</summary>
    public BinaryQuantizationThreshold Threshold { get; set; } = BinaryQuantizationThreshold.Zero;

    /// <summary>A copy of these options.</summary>
    internal BinaryQuantizationOptions Clone() => (BinaryQuantizationOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal void Validate()
    {
        ValidateColumns();
        OptionChecks.RequireDefined(Threshold, nameof(Threshold));
    }
}
