using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.TestSupport;

/// <summary>
/// A way to spoil valid input data, and fragments the resulting error message must contain; the conformance
/// check requires the estimator to reject it at <c>Fit</c> and at schema time.
/// </summary>
/// <param name="Description">What is wrong, for assertion messages.</param>
/// <param name="Spoil">Builds the bad data from the good data.</param>
/// <param name="MessageFragments">Texts the error message must contain.</param>
public sealed record BadInput(string Description, Func<MLContext, IDataView, IDataView> Spoil, params string[] MessageFragments)
{
    /// <summary>
    /// True when only training uses what is spoiled (a label column): the estimator must reject it at <c>Fit</c> and
    /// schema time, but the fitted transformer, which never reads it, must not. Default false.
    /// </summary>
    public bool TrainingOnly { get; init; }

    /// <summary>Drops <paramref name="column"/>; the message must name it and say it was not found.</summary>
    public static BadInput MissingColumn(string column)
        => new($"column '{column}' missing", (ml, data) => ml.Transforms.DropColumns(column).Fit(data).Transform(data), $"'{column}'", "not found");

    /// <summary>Converts <paramref name="column"/> to <c>Vector&lt;Double&gt;</c>; the message must name it, both types and the ConvertType fix.</summary>
    public static BadInput VectorOfDouble(string column)
        => new(
            $"column '{column}' as Vector<Double>",
            (ml, data) => ml.Transforms.Conversion.ConvertType(column, outputKind: DataKind.Double).Fit(data).Transform(data),
            $"Column '{column}'",
            "expected a known-size vector of Single",
            "Double",
            "ConvertType");

    /// <summary>
    /// Converts the key column <paramref name="column"/> back to its values; a training-only spoiler whose message must
    /// name the column, say a key type is expected and name the MapValueToKey fix.
    /// </summary>
    public static BadInput LabelNotKey(string column)
        => new(
            "label not a key",
            (ml, data) => ml.Transforms.Conversion.MapKeyToValue(column).Fit(data).Transform(data),
            $"Column '{column}'",
            "expected a key type",
            "MapValueToKey")
        { TrainingOnly = true };

    /// <summary>
    /// The spoilers every trainer on a feature vector and a label must reject: <paramref name="featureColumn"/> missing or
    /// of Double, and <paramref name="labelColumn"/> missing (training only).
    /// </summary>
    public static IReadOnlyList<BadInput> TrainerColumns(string featureColumn, string labelColumn) =>
    [
        MissingColumn(featureColumn),
        VectorOfDouble(featureColumn),
        MissingColumn(labelColumn) with { TrainingOnly = true },
    ];
}
