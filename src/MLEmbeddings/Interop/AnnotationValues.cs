using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Writes and reads the value of one annotation (scalar or vector, text or an unmanaged primitive), so that
/// annotations such as a label's <c>KeyValues</c> (class names) or a vector's <c>SlotNames</c> round-trip.
/// </summary>
internal static class AnnotationValues
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Static;

    /// <summary>Writes the value of the annotation <paramref name="column"/> of <paramref name="annotations"/>.</summary>
    public static void Write(ModelPayloadWriter writer, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
    {
        bool isVector = column.Type is VectorDataViewType;
        DataViewType item = isVector ? ((VectorDataViewType)column.Type).ItemType : column.Type;
        if (item is TextDataViewType)
        {
            if (isVector)
            {
                WriteTextVector(writer, annotations, column);
            }
            else
            {
                WriteText(writer, annotations, column);
            }

            return;
        }

        string name = isVector ? nameof(WriteVector) : nameof(WriteScalar);
        Call(name, item.RawType, writer, annotations, column);
    }

    /// <summary>Reads a value written by <see cref="Write"/> and adds it to <paramref name="builder"/>.</summary>
    public static void Read(ModelPayloadReader reader, DataViewSchema.Annotations.Builder builder, string name, DataViewType type)
    {
        bool isVector = type is VectorDataViewType;
        DataViewType item = isVector ? ((VectorDataViewType)type).ItemType : type;
        if (item is TextDataViewType)
        {
            if (isVector)
            {
                ReadOnlyMemory<char>[] texts = reader.ReadStrings().Select(s => s.AsMemory()).ToArray();
                CheckVectorLength(type, texts.Length);
                builder.Add(name, type, (ref VBuffer<ReadOnlyMemory<char>> value) => new VBuffer<ReadOnlyMemory<char>>(texts.Length, texts).CopyTo(ref value));
            }
            else
            {
                ReadOnlyMemory<char> text = (reader.ReadString() ?? string.Empty).AsMemory();
                builder.Add(name, type, (ref ReadOnlyMemory<char> value) => value = text);
            }

            return;
        }

        Call(isVector ? nameof(ReadVector) : nameof(ReadScalar), item.RawType, reader, builder, name, type);
    }

    private static void WriteText(ModelPayloadWriter writer, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
    {
        ReadOnlyMemory<char> value = default;
        annotations.GetGetter<ReadOnlyMemory<char>>(column)(ref value);
        writer.Write(value.ToString());
    }

    private static void WriteTextVector(ModelPayloadWriter writer, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> value = default;
        annotations.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column)(ref value);
        writer.Write(value.DenseValues().Select(v => v.ToString()).ToArray());
    }

    private static void WriteScalar<T>(ModelPayloadWriter writer, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
        where T : unmanaged
    {
        T value = default;
        annotations.GetGetter<T>(column)(ref value);
        writer.WriteRaw(value);
    }

    private static void WriteVector<T>(ModelPayloadWriter writer, DataViewSchema.Annotations annotations, DataViewSchema.Column column)
        where T : unmanaged
    {
        VBuffer<T> value = default;
        annotations.GetGetter<VBuffer<T>>(column)(ref value);
        var dense = new T[value.Length];
        value.CopyTo(dense);
        writer.WriteArray<T>(dense);
    }

    private static void ReadScalar<T>(ModelPayloadReader reader, DataViewSchema.Annotations.Builder builder, string name, DataViewType type)
        where T : unmanaged
    {
        T stored = reader.ReadRaw<T>();
        builder.Add(name, type, (ref T value) => value = stored);
    }

    private static void ReadVector<T>(ModelPayloadReader reader, DataViewSchema.Annotations.Builder builder, string name, DataViewType type)
        where T : unmanaged
    {
        T[] stored = reader.ReadArray<T>();
        CheckVectorLength(type, stored.Length);
        builder.Add(name, type, (ref VBuffer<T> value) => new VBuffer<T>(stored.Length, stored).CopyTo(ref value));
    }

    private static void CheckVectorLength(DataViewType type, int length)
    {
        int size = ((VectorDataViewType)type).Size;
        if (size != 0 && size != length)
        {
            throw new InvalidDataException($"Corrupt model data: an annotation of type {type} holds {length} values.");
        }
    }

    private static void Call(string method, Type rawType, params object[] arguments)
        => ReflectionInvoke.Call(typeof(AnnotationValues).GetMethod(method, Private)!.MakeGenericMethod(rawType), null, arguments);
}
