using MLEmbeddings.Interop;
using Microsoft.ML;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// What a multiclass model keeps of its training label column: the class names (for the <c>Score</c> slot names)
/// and the <c>KeyValues</c> annotation that <c>PredictedLabel</c> carries so <c>MapKeyToValue</c> works.
/// </summary>
/// <param name="Names">The class names, or null when the label has no key values.</param>
/// <param name="PredictedLabelAnnotations">The label's <c>KeyValues</c> annotation (empty when it has none).</param>
internal sealed record LabelClasses(string[]? Names, DataViewSchema.Annotations PredictedLabelAnnotations)
{
    /// <summary>Reads the classes of the key label column <paramref name="labelColumnName"/> of <paramref name="schema"/>.</summary>
    public static LabelClasses From(DataViewSchema schema, string labelColumnName)
    {
        DataViewSchema.Column label = schema[labelColumnName];
        return new LabelClasses(AnnotationSets.KeyValueNames(label), AnnotationSets.CopyFrom(label, AnnotationSets.KeyValuesKind));
    }
}
