using System.Globalization;
using Microsoft.ML.Data;
using MLEmbeddings.Evaluation;
using Spectre.Console;

namespace QuickStart;

/// <summary>The tables the quick start prints.</summary>
internal static class ConsoleTables
{
    /// <summary>Two-column table "what / value".</summary>
    public static Table Summary(IEnumerable<(string What, string Value)> rows)
    {
        var table = new Table().Title("[bold]Summary[/]").AddColumn("What").AddColumn(new TableColumn("Value").RightAligned());
        foreach ((string what, string value) in rows)
        {
            table.AddRow(Markup.Escape(what), Markup.Escape(value));
        }

        return table;
    }

    /// <summary>The k-NN classifier's test accuracy on each stage's features: what each pipeline step buys.</summary>
    public static Table Stages(IEnumerable<StageAccuracy> stages)
    {
        var table = new Table().Title("[bold]What each step buys[/] (k-NN on the test images, searching ...)")
            .AddColumn("features").AddColumn(new TableColumn("numbers per image").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("macro-F1").RightAligned());
        foreach (StageAccuracy stage in stages)
        {
            table.AddRow(
                Markup.Escape(stage.Features),
                stage.Dimension.ToString(CultureInfo.InvariantCulture),
                $"{stage.Quality.Metrics.MicroAccuracy:P2}",
                $"{stage.Quality.Report.MacroF1Score:F4}");
        }

        return table;
    }

    /// <summary>The confusion matrix with each class's F1 score.</summary>
    public static Table Confusion(ConfusionMatrix confusion, ClassificationReport report)
    {
        var table = new Table().Title("[bold]Confusion matrix[/] (rows: true class, columns: predicted)").AddColumn("true \\ predicted");
        for (int c = 0; c < confusion.NumberOfClasses; c++)
        {
            table.AddColumn(new TableColumn(c.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        table.AddColumn(new TableColumn("F1").RightAligned());
        for (int r = 0; r < confusion.NumberOfClasses; r++)
        {
            var cells = new List<string> { $"{r} {Markup.Escape(FashionMnist.ClassNames[r])}" };
            for (int c = 0; c < confusion.NumberOfClasses; c++)
            {
                double count = confusion.Counts[r][c];
                cells.Add(r == c ? $"[green]{count}[/]" : count == 0 ? "[grey]0[/]" : count.ToString(CultureInfo.InvariantCulture));
            }

            cells.Add($"{report.Classes[r].F1Score:F2}");
            table.AddRow(cells.ToArray());
        }

        return table;
    }

    /// <summary>A few held-out images with their true class and the reloaded model's prediction.</summary>
    public static Table Predictions(IReadOnlyList<(Image Image, Prediction Prediction)> rows)
    {
        var table = new Table().Title("[bold]Held-out images, scored by the reloaded model[/]")
            .AddColumn("#").AddColumn("true class").AddColumn("predicted").AddColumn(new TableColumn("probability").RightAligned());
        for (int i = 0; i < rows.Count; i++)
        {
            (Image image, Prediction prediction) = rows[i];
            string colour = prediction.PredictedClass == image.Label ? "green" : "red";
            table.AddRow(
                i.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(image.Label),
                $"[{colour}]{Markup.Escape(prediction.PredictedClass)}[/]",
                $"{prediction.Score.Max():P0}");
        }

        return table;
    }
}
