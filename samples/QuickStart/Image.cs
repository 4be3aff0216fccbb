using Microsoft.ML.Data;

namespace QuickStart;

/// <summary>One Fashion-MNIST image as the pipeline's input row.</summary>
internal sealed class Image
{
    /// <summary>Pixels per image side.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image.</summary>
    public const int PixelCount = Side * Side;

    /// <summary>28 x 28 pixels in [0, 1], row by row.</summary>
    [VectorType(PixelCount)]
    public float[] Pixels { get; set; } = [];

    /// <summary>The class name.</summary>
    public string Label { get; set; } = string.Empty;
}
