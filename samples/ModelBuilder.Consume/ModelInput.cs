using Microsoft.ML.Data;

namespace ModelBuilder.Consume;

/// <summary>The model's input, as Model Builder generates it: the 64 pixel counts of an 8x8 digit.</summary>
public sealed class ModelInput
{
    [VectorType(64)]
    public float[] Pixels { get; set; } = [];

    /// <summary>Present in the training schema; ignored when scoring.</summary>
    public string Label { get; set; } = string.Empty;
}
