using Microsoft.ML.Data;
using MLEmbeddings.Evaluation;

namespace QuickStart;

/// <summary>How well a classifier did on the test set: ML.NET's metrics (accuracy, log-loss, confusion matrix) and the per-class report (macro-F1).</summary>
/// <param name="Metrics">ML.NET's multiclass metrics.</param>
/// <param name="Report">Per-class precision, recall and F1 with their macro averages.</param>
internal sealed record ClassificationQuality(MulticlassClassificationMetrics Metrics, ClassificationReport Report);
