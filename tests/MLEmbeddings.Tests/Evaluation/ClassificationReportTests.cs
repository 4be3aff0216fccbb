using System.Globalization;
using MLEmbeddings.Evaluation;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Evaluation;

public class ClassificationReportTests
{
    [Fact]
    public void The_digits_k_nn_predictions_give_scikit_learns_report()
    {
        var rows = File.ReadLines(RepositoryFiles.Path("tests/fixtures/knn_digits_predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        uint[] labels = rows.Select(p => uint.Parse(p[1], CultureInfo.InvariantCulture) + 1).ToArray();
        uint[] predicted = rows.Select(p => uint.Parse(p[6], CultureInfo.InvariantCulture) + 1).ToArray();
        ClassificationReport report = Report(labels, predicted, 10, Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
        AssertMatchesFixture("digits_knn", report);
        Assert.Equal(450, report.RowCount);
    }

    [Fact]
    public void A_class_never_predicted_and_a_class_only_predicted_follow_zero_division_zero()
    {
        uint[] labels = [1, 1, 1, 2, 2, 3, 3, 3, 3, 1];
        uint[] predicted = [1, 2, 1, 2, 4, 3, 1, 3, 2, 4];
        ClassificationReport report = Report(labels, predicted, 5, ["0", "1", "2", "3", "unused"]);
        AssertMatchesFixture("hand", report);
        Assert.Equal(["0", "1", "2", "3"], report.Classes.Select(c => c.Name));

        string table = report.Format();
        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("             precision    recall  f1-score   support", lines[0].TrimEnd());
        Assert.Equal("           0      0.67      0.50      0.57         4", lines[1].TrimEnd());
        Assert.Equal("           3      0.00      0.00      0.00         0", lines[4].TrimEnd());
        Assert.Equal("    accuracy" + new string(' ', 26) + "0.50        10", lines[5].TrimEnd());
        Assert.Equal("   macro avg      0.50      0.38      0.41        10", lines[6].TrimEnd());
        Assert.Equal("weighted avg      0.73      0.50      0.58        10", lines[7].TrimEnd());
        Assert.Equal(table, report.ToString());
        Assert.Contains("0.5714", report.Format(4), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_labels_are_skipped_and_missing_predictions_count_as_wrong()
    {
        ClassificationReport report = Report([1, 0, 2, 2], [1, 2, 0, 2], 2, ["a", "b"]);
        Assert.Equal(3, report.RowCount);
        Assert.Equal(2.0 / 3, report.Accuracy, 12);
        Assert.Equal(0.5, report.Classes[1].Recall, 12);
        Assert.Equal(1.0, report.Classes[1].Precision, 12);
    }

    [Fact]
    public void Bad_columns_are_rejected_with_the_fix()
    {
        var mlContext = new MLContext(1);
        IDataView scored = Scored(mlContext, [1, 2], [1, 2], 2, null);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.MulticlassClassification.ClassificationReport(scored, labelColumnName: "Truth"));
        Assert.Contains("Column 'Truth' was not found", missing.Message, StringComparison.Ordinal);
        var notKey = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.MulticlassClassification.ClassificationReport(scored, predictedLabelColumnName: "Score"));
        Assert.Contains("Column 'Score': expected a key type, got Single", notKey.Message, StringComparison.Ordinal);
        Assert.Contains("MapValueToKey", notKey.Message, StringComparison.Ordinal);
        IDataView mismatch = Scored(mlContext, [1, 2], [1, 2], 2, 3);
        Assert.Contains("has 3 classes but the label 'Label' has 2", Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.MulticlassClassification.ClassificationReport(mismatch)).Message, StringComparison.Ordinal);
    }

    private static ClassificationReport Report(uint[] labels, uint[] predicted, int classCount, string[] names)
    {
        var mlContext = new MLContext(1);
        return mlContext.MulticlassClassification.ClassificationReport(Scored(mlContext, labels, predicted, classCount, null, names));
    }

    /// <summary>A scored view with key columns Label and PredictedLabel (raw key values, 0 = missing) and, optionally, class names as the label's KeyValues.</summary>
    private static IDataView Scored(MLContext mlContext, uint[] labels, uint[] predicted, int classCount, int? predictedCount, string[]? names = null)
    {
        var definition = SchemaDefinition.Create(typeof(ScoredRow));
        definition[nameof(ScoredRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        definition[nameof(ScoredRow.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), predictedCount ?? classCount);
        if (names is not null)
        {
            var values = new VBuffer<ReadOnlyMemory<char>>(names.Length, names.Select(n => n.AsMemory()).ToArray());
            definition[nameof(ScoredRow.Label)].AddAnnotation("KeyValues", values, new VectorDataViewType(TextDataViewType.Instance, names.Length));
        }

        // LoadFromEnumerable stores a key field's value v as raw key v + 1 (so uint.MaxValue wraps to the missing key 0).
        static uint Field(uint raw) => raw == 0 ? uint.MaxValue : raw - 1;
        return mlContext.Data.LoadFromEnumerable(labels.Select((l, i) => new ScoredRow { Label = Field(l), PredictedLabel = Field(predicted[i]), Score = 0 }), definition);
    }

    private static void AssertMatchesFixture(string name, ClassificationReport report)
    {
        var rows = File.ReadLines(RepositoryFiles.Path("tests/fixtures/evaluation_classification_report.csv")).Skip(1).Select(l => l.Split(',')).Where(p => p[0] == name).ToList();
        double Value(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        foreach (string[] row in rows)
        {
            switch (row[1])
            {
                case "accuracy":
                    Assert.Equal(Value(row[4]), report.Accuracy, 12);
                    break;
                case "macro avg":
                    Assert.Equal((Value(row[2]), Value(row[3]), Value(row[4])), (Math.Round(report.MacroPrecision, 12), Math.Round(report.MacroRecall, 12), Math.Round(report.MacroF1Score, 12)), new RoundedComparer());
                    break;
                case "weighted avg":
                    Assert.Equal((Value(row[2]), Value(row[3]), Value(row[4])), (Math.Round(report.WeightedPrecision, 12), Math.Round(report.WeightedRecall, 12), Math.Round(report.WeightedF1Score, 12)), new RoundedComparer());
                    break;
                default:
                    ClassReport entry = report.Classes.Single(c => c.Name == row[1]);
                    Assert.Equal(Value(row[2]), entry.Precision, 12);
                    Assert.Equal(Value(row[3]), entry.Recall, 12);
                    Assert.Equal(Value(row[4]), entry.F1Score, 12);
                    Assert.Equal(long.Parse(row[5], CultureInfo.InvariantCulture), entry.Support);
                    break;
            }
        }

        Assert.Equal(rows.Count - 3, report.Classes.Count);
    }

    private sealed class RoundedComparer : IEqualityComparer<(double, double, double)>
    {
        public bool Equals((double, double, double) x, (double, double, double) y)
            => Math.Abs(x.Item1 - y.Item1) < 1e-11 && Math.Abs(x.Item2 - y.Item2) < 1e-11 && Math.Abs(x.Item3 - y.Item3) < 1e-11;

        public int GetHashCode((double, double, double) obj) => 0;
    }

    private sealed class ScoredRow
    {
        public uint Label { get; set; }

        public uint PredictedLabel { get; set; }

        public float Score { get; set; }
    }

}
