using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>An output column a transformer adds: name, type and annotations (for example <c>SlotNames</c>, <c>KeyValues</c>).</summary>
/// <param name="Name">Column name; it hides an input column of the same name.</param>
/// <param name="Type">
/// Column type: a primitive or key type, or a known-size vector of one. The batch machinery stores values by the
/// type's raw item type (<see cref="float"/> for <c>Vector&lt;Single, n&gt;</c>, <see cref="uint"/> for <c>Key&lt;UInt32, k&gt;</c>).
/// </param>
/// <param name="Annotations">Annotations of the column, or null for none.</param>
internal sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null)
{
    /// <summary>The column as a <see cref="SchemaShape.Column"/>, with its annotations' shapes.</summary>
    public SchemaShape.Column ToShape() => SchemaShapes.Column(Name, Type, Annotations);

    /// <summary>Values per row: the vector size, or 1 for a scalar.</summary>
    public int Width => Type is VectorDataViewType vector ? vector.Size : 1;

    /// <summary>The raw type of one stored value.</summary>
    public Type ItemRawType => Type is VectorDataViewType vector ? vector.ItemType.RawType : Type.RawType;
}
