using ScottPlot;

namespace QuickStart.Pictures;

/// <summary>A few held-out images, each titled with its true class and the reloaded model's prediction (green when right, red when wrong).</summary>
internal static class HeldOutPredictionsPicture
{
    private const int Columns = 4;

    /// <summary>Saves a PNG with one panel per (image, prediction) pair, <see cref="Columns"/> panels per row.</summary>
    public static void Save(string path, IReadOnlyList<(Image Image, Prediction Prediction)> rows)
    {
        int panelRows = (rows.Count + Columns - 1) / Columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(rows.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(panelRows, Columns);
        for (int i = 0; i < rows.Count; i++)
        {
            (Image image, Prediction prediction) = rows[i];
            var pixels = new double[Image.Side, Image.Side];
            for (int p = 0; p < Image.PixelCount; p++)
            {
                pixels[p / Image.Side, p % Image.Side] = image.Pixels[p];
            }

            Plot plot = multiplot.GetPlot(i);
            var heatmap = plot.Add.Heatmap(pixels);
            heatmap.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
            heatmap.Smooth = false;
            plot.Axes.SquareUnits();
            plot.HideAxesAndGrid();
            bool right = prediction.PredictedClass == image.Label;
            plot.Title($"{image.Label}\n-> {prediction.PredictedClass} ({prediction.Score.Max():P0})");
            plot.Axes.Title.Label.ForeColor = right ? Colors.DarkGreen : Colors.DarkRed;
            plot.Axes.Title.Label.FontSize = 14;
        }

        multiplot.SavePng(path, 220 * Columns, 250 * panelRows);
    }
}
