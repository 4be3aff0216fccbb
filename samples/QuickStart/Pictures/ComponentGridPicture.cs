using MLEmbeddings.Kernels;
using ScottPlot;

namespace QuickStart.Pictures;

/// <summary>The NMF components (the learned "parts") drawn as a grid of small images, darker where a part has more ink.</summary>
internal static class ComponentGridPicture
{
    /// <summary>Draws each row of <paramref name="components"/> as a <paramref name="side"/> x <paramref name="side"/> tile (each scaled to its own largest value) and saves a PNG.</summary>
    public static void Save(string path, DenseMatrix components, int side)
    {
        int count = components.Rows;
        int columns = (int)Math.Ceiling(Math.Sqrt(count));
        int rows = (count + columns - 1) / columns;
        int cell = side + 2;

        // NaN draws as the background, so the tiles are separated by a thin gap.
        var grid = new double[rows * cell, columns * cell];
        for (int y = 0; y < grid.GetLength(0); y++)
        {
            for (int x = 0; x < grid.GetLength(1); x++)
            {
                grid[y, x] = double.NaN;
            }
        }

        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<float> component = components.Row(k);
            float largest = 0;
            foreach (float value in component)
            {
                largest = Math.Max(largest, value);
            }

            int top = (k / columns * cell) + 1;
            int left = (k % columns * cell) + 1;
            for (int pixel = 0; pixel < side * side; pixel++)
            {
                grid[top + (pixel / side), left + (pixel % side)] = largest > 0 ? component[pixel] / largest : 0;
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
        heatmap.NaNCellColor = Colors.White;
        heatmap.Smooth = false;
        plot.Axes.SquareUnits();
        plot.HideAxesAndGrid();
        plot.Title($"The {count} NMF parts learned from the pixels");
        plot.SavePng(path, columns * cell * 4, (rows * cell * 4) + 40);
    }
}
