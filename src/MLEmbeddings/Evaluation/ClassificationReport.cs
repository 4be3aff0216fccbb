using System.Globalization;
using System.Text;

namespace MLEmbeddings.Evaluation;

/// <summary>
/// Per-class precision, recall, F1 and support with macro and weighted averages, scikit-learn's
/// <c>classification_report</c> (with <c>zero_division=0</c>): the classes are those that occur as a label or as a
/// prediction. Made by <c>mlContext.MulticlassClassification.ClassificationReport(...)</c>. Immutable; <see cref="Format"/>
/// prints it as a table.
/// </summary>
public sealed class ClassificationReport
{
    internal ClassificationReport(IReadOnlyList<ClassReport> classes, double accuracy, long rowCount)
    {
        Classes = classes;
        Accuracy = accuracy;
        RowCount = rowCount;
        long support = classes.Sum(c => c.Support);
        MacroPrecision = classes.Count == 0 ? 0 : classes.Average(c => c.Precision);
        MacroRecall = classes.Count == 0 ? 0 : classes.Average(c => c.Recall);
        MacroF1Score = classes.Count == 0 ? 0 : classes.Average(c => c.F1Score);
        WeightedPrecision = support == 0 ? 0 : classes.Sum(c => c.Precision * c.Support) / support;
        WeightedRecall = support == 0 ? 0 : classes.Sum(c => c.Recall * c.Support) / support;
        WeightedF1Score = support == 0 ? 0 : classes.Sum(c => c.F1Score * c.Support) / support;
    }

    /// <summary>One entry per class that occurs as a label or a prediction, in key order.</summary>
    public IReadOnlyList<ClassReport> Classes { get; }

    /// <summary>Share of rows whose prediction equals the label (a missing prediction counts as wrong).</summary>
    public double Accuracy { get; }

    /// <summary>Number of rows with a label (rows with a missing label are not counted).</summary>
    public long RowCount { get; }

    /// <summary>Unweighted mean of the per-class precisions.</summary>
    public double MacroPrecision { get; }

    /// <summary>Unweighted mean of the per-class recalls.</summary>
    public double MacroRecall { get; }

    /// <summary>Macro-F1: the unweighted mean of the per-class F1 scores.</summary>
    public double MacroF1Score { get; }

    /// <summary>Mean of the per-class precisions weighted by support.</summary>
    public double WeightedPrecision { get; }

    /// <summary>Mean of the per-class recalls weighted by support.</summary>
    public double WeightedRecall { get; }

    /// <summary>Weighted-F1: the mean of the per-class F1 scores weighted by support.</summary>
    public double WeightedF1Score { get; }

    /// <summary>
    /// The report as a text table in scikit-learn's layout: a row per class, then accuracy, macro and weighted averages.
    /// </summary>
    /// <param name="digits">Decimals of the scores, in [0, 15]. Default 2 (scikit-learn's default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside [0, 15].</exception>
    public string Format(int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        const string WeightedAverage = "weighted avg";
        int nameWidth = Math.Max(WeightedAverage.Length, Classes.Count == 0 ? 0 : Classes.Max(c => c.Name.Length));
        int width = Math.Max(10, digits + 2);
        CultureInfo culture = CultureInfo.InvariantCulture;
        string Score(double value) => value.ToString("F" + digits.ToString(culture), culture).PadLeft(width);
        string Count(long value) => value.ToString(culture).PadLeft(width);

        var text = new StringBuilder();
        text.Append(new string(' ', nameWidth)).Append("precision".PadLeft(width)).Append("recall".PadLeft(width))
            .Append("f1-score".PadLeft(width)).Append("support".PadLeft(width)).AppendLine().AppendLine();
        foreach (ClassReport entry in Classes)
        {
            text.Append(entry.Name.PadLeft(nameWidth)).Append(Score(entry.Precision)).Append(Score(entry.Recall))
                .Append(Score(entry.F1Score)).Append(Count(entry.Support)).AppendLine();
        }

        text.AppendLine();
        text.Append("accuracy".PadLeft(nameWidth)).Append(new string(' ', 2 * width)).Append(Score(Accuracy)).Append(Count(RowCount)).AppendLine();
        text.Append("macro avg".PadLeft(nameWidth)).Append(Score(MacroPrecision)).Append(Score(MacroRecall)).Append(Score(MacroF1Score)).Append(Count(RowCount)).AppendLine();
        text.Append(WeightedAverage.PadLeft(nameWidth)).Append(Score(WeightedPrecision)).Append(Score(WeightedRecall)).Append(Score(WeightedF1Score)).Append(Count(RowCount)).AppendLine();
        return text.ToString();
    }

    /// <summary>The table of <see cref="Format"/> with two decimals.</summary>
    public override string ToString() => Format();
}
