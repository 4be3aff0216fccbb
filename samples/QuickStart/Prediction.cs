namespace QuickStart;

/// <summary>The columns a consumer reads from the loaded model.</summary>
internal sealed class Prediction
{
    /// <summary>The predicted class name (MapKeyToValue of PredictedLabel).</summary>
    public string PredictedClass { get; set; } = string.Empty;

    /// <summary>Class probabilities, in key order.</summary>
    public float[] Score { get; set; } = [];
}
