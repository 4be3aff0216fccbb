using System.Globalization;

namespace QuickStart;

/// <summary>
/// Writes predictions.csv: per test image its true class and the class and probabilities from the in-memory model and
/// from the model reloaded in a fresh context, so anyone can check the two agree and recompute the accuracy.
/// </summary>
internal static class PredictionFile
{
    public const string Header = "index,true_class,in_memory_class,reloaded_class,in_memory_scores,reloaded_scores";

    public static void Write(string path, IReadOnlyList<Image> test, IReadOnlyList<ScoredRow> inMemory, IReadOnlyList<ScoredRow> reloaded)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(Header);
        for (int i = 0; i < test.Count; i++)
        {
            writer.WriteLine(string.Join(
                ',',
                i.ToString(CultureInfo.InvariantCulture),
                test[i].Label,
                inMemory[i].PredictedClass,
                reloaded[i].PredictedClass,
                Scores(inMemory[i].Score),
                Scores(reloaded[i].Score)));
        }
    }

    private static string Scores(float[] score) => string.Join(' ', score.Select(value => value.ToString("R", CultureInfo.InvariantCulture)));
}
