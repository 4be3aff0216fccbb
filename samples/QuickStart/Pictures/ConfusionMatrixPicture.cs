using System.Globalization;
using Microsoft.ML.Data;
using ScottPlot;

namespace QuickStart.Pictures;

/// <summary>The confusion matrix as a heatmap with the count in each cell.</summary>
internal static class ConfusionMatrixPicture
{
    /// <summary>Saves a PNG: rows are true classes, columns predicted classes.</summary>
    public static void Save(string path, ConfusionMatrix confusion, IReadOnlyList<string> classNames, string title)
    {
        int classes = confusion.NumberOfClasses;
        var cells = new double[classes, classes];
        for (int actual = 0; actual < classes; actual++)
        {
            for (int predicted = 0; predicted < classes; predicted++)
            {
                cells[actual, predicted] = confusion.Counts[actual][predicted];
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        double largest = cells.Cast<double>().Max();
        for (int actual = 0; actual < classes; actual++)
        {
            for (int predicted = 0; predicted < classes; predicted++)
            {
                if (cells[actual, predicted] > 0)
                {
                    // Row 0 of the heatmap is drawn at the top, at y = classes - 1.
                    var count = plot.Add.Text(cells[actual, predicted].ToString(CultureInfo.InvariantCulture), predicted, classes - 1 - actual);
                    count.Alignment = Alignment.MiddleCenter;
                    count.LabelFontColor = cells[actual, predicted] > largest / 2 ? Colors.Black : Colors.White;
                }
            }
        }

        double[] positions = Enumerable.Range(0, classes).Select(c => (double)c).ToArray();
        string[] names = classNames.Take(classes).ToArray();
        plot.Axes.Bottom.SetTicks(positions, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.SetTicks(positions.Select(p => classes - 1 - p).ToArray(), names);
        plot.Title(title);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.SavePng(path, 760, 720);
    }
}
