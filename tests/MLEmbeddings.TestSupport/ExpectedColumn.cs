using Microsoft.ML.Data;

namespace MLEmbeddings.TestSupport;

/// <summary>An output column a conformance case expects: exact name and type (sizes and key counts included) and annotation kinds.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Exact type, for example <c>new VectorDataViewType(NumberDataViewType.Single, 8)</c>.</param>
/// <param name="AnnotationKinds">Annotation names the column must carry (for example "SlotNames", "KeyValues"), or empty.</param>
public sealed record ExpectedColumn(string Name, DataViewType Type, params string[] AnnotationKinds)
{
    /// <summary>
    /// The two columns a multiclass prediction transformer adds: <c>Score</c> (a vector of <paramref name="classCount"/>
    /// Single with slot names) and <c>PredictedLabel</c> (a key over <paramref name="classCount"/> values with key values).
    /// </summary>
    /// <param name="classCount">The number of classes.</param>
    /// <returns>The <c>Score</c> and <c>PredictedLabel</c> columns, in that order.</returns>
    public static IReadOnlyList<ExpectedColumn> MulticlassPrediction(int classCount) =>
    [
        new ExpectedColumn("Score", new VectorDataViewType(NumberDataViewType.Single, classCount), "SlotNames"),
        new ExpectedColumn("PredictedLabel", new KeyDataViewType(typeof(uint), classCount), "KeyValues"),
    ];
}
