using Microsoft.ML.Data;

namespace QuickStart;

/// <summary>One Fashion-MNIST image as the pipeline's input row.</summary>
internal sealed class Image
{
    /// <summary>28 x 28 pixels in [0, 1], row by row.</summary>
    [VectorType(784)]
    public float[] Pixels { get; set; } = [];

    /// <summary>The class name.</summary>
    public string Label { get; set; } = string.Empty;
}
