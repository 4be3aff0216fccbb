namespace QuickStart;

/// <summary>The test accuracy of the k-NN classifier when it searches one stage's features.</summary>
/// <param name="Features">What the classifier searches, e.g. "raw pixels".</param>
/// <param name="Dimension">Numbers per image.</param>
/// <param name="Quality">Accuracy, macro-F1 and the confusion matrix on the test set.</param>
internal sealed record StageAccuracy(string Features, int Dimension, ClassificationQuality Quality);
