namespace MLEmbeddings.Tests.Evaluation;

/// <summary>
/// Brute-force retrieval metrics in double precision with pytorch-metric-learning's definitions, written
/// independently of the library: every query's reference rows sorted by (squared Euclidean distance, index).
/// </summary>
internal static class RetrievalOracle
{
    public static Dictionary<string, double> Evaluate(float[][] queries, int[] queryLabels, float[][] reference, int[] referenceLabels, bool leaveOneOut, int[] recallAtK, int? neighbors = null, bool perClass = false)
    {
        var sizes = referenceLabels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        int cutoff = neighbors ?? Math.Min(sizes.Values.Max(), reference.Length - (leaveOneOut ? 1 : 0));
        var perQuery = new List<(int Label, Dictionary<string, double> Values)>();
        for (int q = 0; q < queries.Length; q++)
        {
            int relevant = sizes.GetValueOrDefault(queryLabels[q]) - (leaveOneOut ? 1 : 0);
            if (relevant <= 0)
            {
                continue;
            }

            int[] ranked = Enumerable.Range(0, reference.Length)
                .Where(j => !leaveOneOut || j != q)
                .OrderBy(j => SquaredDistance(queries[q], reference[j]))
                .ThenBy(j => j)
                .Select(j => referenceLabels[j])
                .ToArray();
            bool[] hit = ranked.Select(label => label == queryLabels[q]).ToArray();
            int first = Array.IndexOf(hit, true);
            double precisionSum = 0;
            int hits = 0;
            for (int i = 0; i < relevant; i++)
            {
                if (hit[i])
                {
                    hits++;
                    precisionSum += hits / (double)(i + 1);
                }
            }

            var values = new Dictionary<string, double>
            {
                ["precision_at_1"] = hit[0] ? 1 : 0,
                ["r_precision"] = hits / (double)relevant,
                ["map_at_r"] = precisionSum / relevant,
                ["mrr"] = first >= 0 && first < cutoff ? 1.0 / (first + 1) : 0,
            };
            foreach (int k in recallAtK)
            {
                values[$"recall_at_{k}"] = first >= 0 && first < k ? 1 : 0;
            }

            perQuery.Add((queryLabels[q], values));
        }

        return perQuery[0].Values.Keys.ToDictionary(
            name => name,
            name => perClass
                ? perQuery.GroupBy(p => p.Label).Average(g => g.Average(p => p.Values[name]))
                : perQuery.Average(p => p.Values[name]));
    }

    private static double SquaredDistance(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = (double)x[i] - y[i];
            sum += d * d;
        }

        return sum;
    }
}
