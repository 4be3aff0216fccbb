using Microsoft.ML;

namespace QuickStart;

/// <summary>One scored test image: the predicted class name and the class probabilities (key order).</summary>
/// <param name="PredictedClass">The predicted class name.</param>
/// <param name="Score">The class probabilities.</param>
internal sealed record ScoredRow(string PredictedClass, float[] Score)
{
    /// <summary>Reads every row of a data view scored by the quick start's model.</summary>
    public static ScoredRow[] ReadAll(IDataView scored)
    {
        string[] classes = ColumnReader.Texts(scored, nameof(Prediction.PredictedClass));
        float[][] scores = ColumnReader.Vectors(scored, nameof(Prediction.Score));
        return classes.Select((name, i) => new ScoredRow(name, scores[i])).ToArray();
    }

    /// <summary>Whether both rows have the same class and bit-identical probabilities.</summary>
    public bool SameAs(ScoredRow other) => PredictedClass == other.PredictedClass && Score.AsSpan().SequenceEqual(other.Score);
}
