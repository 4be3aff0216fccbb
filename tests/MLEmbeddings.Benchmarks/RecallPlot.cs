namespace MLEmbeddings.Benchmarks;

/// <summary>Draws the recall-vs-throughput curves of the <c>ann</c> comparison into a PNG with ScottPlot.</summary>
public static class RecallPlot
{
    /// <summary>Writes one line per curve: recall@10 on x, queries per second (log scale) on y.</summary>
    public static void Write(string path, IReadOnlyList<AnnComparison.Curve> curves)
    {
        var plot = new ScottPlot.Plot();
        foreach (AnnComparison.Curve curve in curves)
        {
            AnnComparison.Point[] points = [.. curve.Points.OrderBy(p => p.Recall)];
            var line = plot.Add.Scatter(points.Select(p => p.Recall).ToArray(), points.Select(p => Math.Log10(p.QueriesPerSecond)).ToArray());
            line.LegendText = $"{curve.Label} (build {curve.BuildSeconds:F1} s)";
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => Math.Pow(10, value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.XLabel("recall@10 (against exact search)");
        plot.YLabel("queries per second (log scale)");
        plot.Title("Approximate nearest neighbours, 2 threads");
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        plot.SavePng(path, 1200, 800);
    }
}
