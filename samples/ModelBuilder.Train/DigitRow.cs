using Microsoft.ML.Data;

namespace ModelBuilder.Train;

/// <summary>One row of samples/data/digits.csv: label, fold, 64 pixel counts.</summary>
internal sealed class DigitRow
{
    [LoadColumn(0)]
    public string Label { get; set; } = string.Empty;

    [LoadColumn(1)]
    public string Fold { get; set; } = string.Empty;

    [LoadColumn(2, 65)]
    [VectorType(64)]
    public float[] Pixels { get; set; } = [];
}
