using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Builds the annotations output columns carry: <c>SlotNames</c> from a list of names (a <c>Score</c> vector's
/// class names), and copies of an input column's annotations (a <c>PredictedLabel</c> key column takes the
/// label's <c>KeyValues</c>).
/// </summary>
internal static class AnnotationSets
{
    /// <summary>ML.NET's annotation name for a vector's slot names.</summary>
    public const string SlotNamesKind = "SlotNames";

    /// <summary>ML.NET's annotation name for a key column's values (class names).</summary>
    public const string KeyValuesKind = "KeyValues";

    /// <summary>An annotation set with one <c>SlotNames</c> entry of type <c>Vector&lt;Text, names.Count&gt;</c>.</summary>
    public static DataViewSchema.Annotations SlotNames(IReadOnlyList<string> names) => TextVector(SlotNamesKind, names);

    /// <summary>An annotation set with one <c>KeyValues</c> entry of type <c>Vector&lt;Text, names.Count&gt;</c> (the class names of a key column).</summary>
    public static DataViewSchema.Annotations KeyValues(IReadOnlyList<string> names) => TextVector(KeyValuesKind, names);

    /// <summary>
    /// A copy of the annotations of <paramref name="source"/> whose names are in <paramref name="kinds"/> (for example
    /// <see cref="KeyValuesKind"/>); kinds the column lacks are skipped.
    /// </summary>
    public static DataViewSchema.Annotations CopyFrom(DataViewSchema.Column source, params string[] kinds)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(source.Annotations, name => kinds.Contains(name));
        return builder.ToAnnotations();
    }

    /// <summary>
    /// The class names in a key column's <c>KeyValues</c> annotation as strings (text as is, numbers formatted
    /// invariantly, as <c>MapValueToKey</c> on a numeric label produces), or null when it has none.
    /// </summary>
    public static string[]? KeyValueNames(DataViewSchema.Column keyColumn)
    {
        DataViewSchema.Column? values = keyColumn.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (values is null || values.Value.Type is not VectorDataViewType vector)
        {
            return null;
        }

        return vector.ItemType.RawType switch
        {
            Type t when t == typeof(ReadOnlyMemory<char>) => Names<ReadOnlyMemory<char>>(keyColumn, v => v.ToString()),
            Type t when t == typeof(float) => Names<float>(keyColumn, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(double) => Names<double>(keyColumn, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(int) => Names<int>(keyColumn, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(uint) => Names<uint>(keyColumn, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(long) => Names<long>(keyColumn, v => v.ToString(CultureInfo.InvariantCulture)),
            Type t when t == typeof(bool) => Names<bool>(keyColumn, v => v ? "True" : "False"),
            _ => null,
        };
    }

    private static DataViewSchema.Annotations TextVector(string kind, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        ReadOnlyMemory<char>[] values = names.Select(n => n.AsMemory()).ToArray();
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(
            kind,
            new VectorDataViewType(TextDataViewType.Instance, values.Length),
            (ref VBuffer<ReadOnlyMemory<char>> value) => new VBuffer<ReadOnlyMemory<char>>(values.Length, values).CopyTo(ref value));
        return builder.ToAnnotations();
    }

    private static string[] Names<T>(DataViewSchema.Column keyColumn, Func<T, string> format)
    {
        VBuffer<T> values = default;
        keyColumn.GetKeyValues(ref values);
        return values.DenseValues().Select(format).ToArray();
    }
}
