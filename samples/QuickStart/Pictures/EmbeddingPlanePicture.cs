using ScottPlot;

namespace QuickStart.Pictures;

/// <summary>Two embeddings of the same test images side by side, each on its first two principal components, coloured by class.</summary>
internal static class EmbeddingPlanePicture
{
    /// <summary>Saves a PNG with one panel per (title, vectors) pair; <paramref name="classes"/> holds each row's class index.</summary>
    public static void Save(string path, IReadOnlyList<(string Title, float[][] Vectors)> panels, int[] classes, IReadOnlyList<string> classNames)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, panels.Count);
        for (int p = 0; p < panels.Count; p++)
        {
            Plot plot = multiplot.GetPlot(p);
            (double[] x, double[] y) = PrincipalPlane.Project(panels[p].Vectors);
            for (int c = 0; c < classNames.Count; c++)
            {
                int[] members = Enumerable.Range(0, classes.Length).Where(i => classes[i] == c).ToArray();
                var markers = plot.Add.Markers(members.Select(i => x[i]).ToArray(), members.Select(i => y[i]).ToArray());
                markers.MarkerSize = 4;
                markers.Color = plot.Add.Palette.GetColor(c);
                markers.LegendText = classNames[c];
            }

            plot.Title(panels[p].Title);
            plot.XLabel("principal component 1");
            plot.YLabel("principal component 2");
            if (p == panels.Count - 1)
            {
                plot.ShowLegend(Edge.Right);
            }
        }

        multiplot.SavePng(path, 640 * panels.Count, 560);
    }
}
