using Microsoft.ML;
using Microsoft.ML.Data;

namespace QuickStart;

/// <summary>The pipeline of the quick start, separate from the console presentation so the tests can run it on tiny data.</summary>
internal static class QuickStartPipeline
{
    /// <summary>
    /// label -> key (key k = class k of <see cref="FashionMnist.ClassNames"/>), k-NN on the scaled pixels, key -> class
    /// name. The pixels are already scaled to [0, 1] when read, which is the scaling Fashion-MNIST wants (a per-pixel
    /// min-max would blow up near-constant border pixels).
    /// </summary>
    public static IEstimator<ITransformer> Build(MLContext mlContext, int numberOfNeighbors)
        => mlContext.Transforms.Conversion.MapValueToKey(
                "LabelKey",
                nameof(Image.Label),
                keyData: mlContext.Data.LoadFromEnumerable(FashionMnist.ClassNames.Select(name => new ClassName { Label = name })))
            .Append(mlContext.Transforms.CopyColumns("Features", nameof(Image.Pixels)))
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors("LabelKey", "Features", numberOfNeighbors))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(nameof(Prediction.PredictedClass), "PredictedLabel"));

    /// <summary>ML.NET's multiclass metrics of a scored test set.</summary>
    public static MulticlassClassificationMetrics Evaluate(MLContext mlContext, IDataView scored)
        => mlContext.MulticlassClassification.Evaluate(scored, labelColumnName: "LabelKey");

    /// <summary>The macro-averaged F1 score from a confusion matrix (classes with no rows and no predictions count as 0).</summary>
    public static double MacroF1(ConfusionMatrix confusion)
    {
        int classes = confusion.NumberOfClasses;
        double sum = 0;
        for (int c = 0; c < classes; c++)
        {
            double truePositives = confusion.Counts[c][c];
            double predicted = Enumerable.Range(0, classes).Sum(r => confusion.Counts[r][c]);
            double actual = confusion.Counts[c].Sum();
            sum += predicted + actual == 0 ? 0 : 2 * truePositives / (predicted + actual);
        }

        return sum / classes;
    }
}
