using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.TestSupport;

/// <summary>Reads columns of a data view back into arrays, for any primitive or key column and vectors of them.</summary>
public static class ColumnValues
{
    /// <summary>The dense values of a vector column, one array per row.</summary>
    public static float[][] Vectors(IDataView data, string column) => Vectors<float>(data, column);

    /// <summary>The dense values of a vector column of raw type <typeparamref name="T"/>, one array per row.</summary>
    public static T[][] Vectors<T>(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column col = data.Schema[column];
        var result = new List<T[]>();
        using DataViewRowCursor cursor = data.GetRowCursor([col]);
        ValueGetter<VBuffer<T>> getter = cursor.GetGetter<VBuffer<T>>(col);
        VBuffer<T> buffer = default;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            var dense = new T[buffer.Length];
            buffer.CopyTo(dense);
            result.Add(dense);
        }

        return [.. result];
    }

    /// <summary>The values of a scalar column of raw type <typeparamref name="T"/> (for a key column, <see cref="uint"/>).</summary>
    public static T[] Scalars<T>(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column col = data.Schema[column];
        var result = new List<T>();
        using DataViewRowCursor cursor = data.GetRowCursor([col]);
        ValueGetter<T> getter = cursor.GetGetter<T>(col);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value);
        }

        return [.. result];
    }

    /// <summary>
    /// Every value of any column as comparable strings (floats in round-trip format, vectors space-separated), one
    /// per row: used to compare two data views column by column without knowing the column types.
    /// </summary>
    public static string[] AsText(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column col = data.Schema[column];
        using DataViewRowCursor cursor = data.GetRowCursor([col]);
        Func<string> read = RowReader(cursor, col);
        var result = new List<string>();
        while (cursor.MoveNext())
        {
            result.Add(read());
        }

        return [.. result];
    }

    /// <summary>A function that returns the current value of <paramref name="column"/> in <paramref name="row"/> as text (see <see cref="AsText"/>).</summary>
    public static Func<string> RowReader(DataViewRow row, DataViewSchema.Column column)
    {
        ArgumentNullException.ThrowIfNull(row);
        DataViewType type = column.Type;
        bool isVector = type is VectorDataViewType;
        Type raw = isVector ? ((VectorDataViewType)type).ItemType.RawType : type.RawType;
        string name = isVector ? nameof(VectorReader) : nameof(ScalarReader);
        MethodInfo method = typeof(ColumnValues).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
        return (Func<string>)method.MakeGenericMethod(raw).Invoke(null, [row, column])!;
    }

    /// <summary>All values of an annotation of a column as text (for example class names in <c>KeyValues</c>), or null when absent.</summary>
    public static string? AnnotationText(DataViewSchema.Column column, string kind)
    {
        DataViewSchema.Column? annotation = column.Annotations.Schema.GetColumnOrNull(kind);
        if (annotation is null)
        {
            return null;
        }

        MethodInfo read = typeof(ColumnValues).GetMethod(nameof(ReadAnnotation), BindingFlags.NonPublic | BindingFlags.Static)!;
        DataViewType type = annotation.Value.Type;
        Type raw = type is VectorDataViewType vector ? vector.ItemType.RawType : type.RawType;
        return (string)read.MakeGenericMethod(raw).Invoke(null, [column.Annotations, annotation.Value, type is VectorDataViewType])!;
    }

    private static Func<string> ScalarReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Format(value!);
        };
    }

    private static Func<string> VectorReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<VBuffer<T>> getter = row.GetGetter<VBuffer<T>>(column);
        return () =>
        {
            VBuffer<T> buffer = default;
            getter(ref buffer);
            var dense = new T[buffer.Length];
            buffer.CopyTo(dense);
            return string.Join(" ", dense.Select(v => Format(v!)));
        };
    }

    private static string ReadAnnotation<T>(DataViewSchema.Annotations annotations, DataViewSchema.Column annotation, bool isVector)
    {
        if (!isVector)
        {
            T value = default!;
            annotations.GetGetter<T>(annotation)(ref value);
            return Format(value!);
        }

        VBuffer<T> buffer = default;
        annotations.GetGetter<VBuffer<T>>(annotation)(ref buffer);
        var dense = new T[buffer.Length];
        buffer.CopyTo(dense);
        return string.Join("|", dense.Select(v => Format(v!)));
    }

    private static string Format(object value) => value switch
    {
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ReadOnlyMemory<char> text => text.ToString(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
