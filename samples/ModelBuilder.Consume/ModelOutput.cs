namespace ModelBuilder.Consume;

/// <summary>The model's output, as Model Builder generates it.</summary>
public sealed class ModelOutput
{
    /// <summary>The predicted digit.</summary>
    public string PredictedLabel { get; set; } = string.Empty;

    /// <summary>Class probabilities.</summary>
    public float[] Score { get; set; } = [];
}
