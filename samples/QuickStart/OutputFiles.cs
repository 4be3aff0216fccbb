namespace QuickStart;

/// <summary>The files the quick start writes into its output folder.</summary>
/// <param name="Directory">The output folder (absolute).</param>
internal sealed record OutputFiles(string Directory)
{
    public string Model => Path.Combine(Directory, "model.zip");

    public string Predictions => Path.Combine(Directory, "predictions.csv");

    public string Components => Path.Combine(Directory, "nmf-components.png");

    public string EmbeddingPlanes => Path.Combine(Directory, "embedding-before-after-metric-learning.png");

    public string ConfusionMatrix => Path.Combine(Directory, "confusion-matrix.png");

    public string HeldOutPredictions => Path.Combine(Directory, "held-out-predictions.png");

    /// <summary>Each file with what it holds, in the order they are listed to the user.</summary>
    public IEnumerable<(string What, string Path)> All =>
    [
        ("the model", Model),
        ("predictions: in-memory vs reloaded", Predictions),
        ("NMF parts", Components),
        ("embedding before/after NCA", EmbeddingPlanes),
        ("confusion matrix", ConfusionMatrix),
        ("held-out images with predictions", HeldOutPredictions),
    ];
}
