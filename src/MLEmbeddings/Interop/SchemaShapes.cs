using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Builds <see cref="SchemaShape"/> values for <c>IEstimator.GetOutputSchema</c>: ML.NET's
/// <see cref="SchemaShape.Column"/> constructor is internal, so columns are created through
/// <see cref="MLNetInternals.CreateShapeColumn"/>.
/// </summary>
internal static class SchemaShapes
{
    /// <summary>The shape of a column of <paramref name="type"/> with the given annotations.</summary>
    public static SchemaShape.Column Column(string name, DataViewType type, DataViewSchema.Annotations? annotations = null)
    {
        SchemaShape? annotationShape = annotations is null
            ? null
            : new SchemaShape(annotations.Schema.Select(a => Column(a.Name, a.Type)));
        return Column(name, type, annotationShape);
    }

    /// <summary>The shape of a column of <paramref name="type"/> with annotations given as shapes.</summary>
    public static SchemaShape.Column Column(string name, DataViewType type, SchemaShape? annotations)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        SchemaShape.Column.VectorKind kind = SchemaShape.Column.VectorKind.Scalar;
        DataViewType item = type;
        if (type is VectorDataViewType vector)
        {
            kind = vector.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector;
            item = vector.ItemType;
        }

        bool isKey = item is KeyDataViewType;
        if (isKey)
        {
            item = PrimitiveOf(item.RawType);
        }

        return MLNetInternals.Instance.CreateShapeColumn(name, kind, item, isKey, annotations);
    }

    /// <summary>
    /// The annotation shapes of <paramref name="source"/> restricted to <paramref name="kinds"/> (for example
    /// copying a label's <c>KeyValues</c> shape to a predicted-label column).
    /// </summary>
    public static SchemaShape AnnotationsFrom(SchemaShape.Column source, params string[] kinds)
        => new(source.Annotations.Where(a => kinds.Contains(a.Name)));

    /// <summary>The input shape with <paramref name="outputs"/> appended; an output hides an input column of the same name.</summary>
    public static SchemaShape Append(SchemaShape input, IEnumerable<SchemaShape.Column> outputs)
    {
        ArgumentNullException.ThrowIfNull(input);
        var added = outputs.ToList();
        return new SchemaShape(input.Where(c => added.All(o => o.Name != c.Name)).Concat(added));
    }

    private static PrimitiveDataViewType PrimitiveOf(Type rawType)
        => DataViewTypeCodes.Primitive(DataViewTypeCodes.ForRawType(rawType))!;
}
