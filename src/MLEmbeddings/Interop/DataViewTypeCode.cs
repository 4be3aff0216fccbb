namespace MLEmbeddings.Interop;

/// <summary>The one-byte codes under which <see cref="ModelPayloadWriter"/> stores data view types. Never renumber.</summary>
internal enum DataViewTypeCode : byte
{
    /// <summary><c>TextDataViewType</c> (values are <see cref="ReadOnlyMemory{T}"/> of char).</summary>
    Text = 1,

    /// <summary><c>BooleanDataViewType</c>.</summary>
    Boolean = 2,

    /// <summary><c>NumberDataViewType.Single</c>.</summary>
    Single = 3,

    /// <summary><c>NumberDataViewType.Double</c>.</summary>
    Double = 4,

    /// <summary><c>NumberDataViewType.SByte</c>.</summary>
    SByte = 5,

    /// <summary><c>NumberDataViewType.Byte</c>.</summary>
    Byte = 6,

    /// <summary><c>NumberDataViewType.Int16</c>.</summary>
    Int16 = 7,

    /// <summary><c>NumberDataViewType.UInt16</c>.</summary>
    UInt16 = 8,

    /// <summary><c>NumberDataViewType.Int32</c>.</summary>
    Int32 = 9,

    /// <summary><c>NumberDataViewType.UInt32</c>.</summary>
    UInt32 = 10,

    /// <summary><c>NumberDataViewType.Int64</c>.</summary>
    Int64 = 11,

    /// <summary><c>NumberDataViewType.UInt64</c>.</summary>
    UInt64 = 12,

    /// <summary><c>KeyDataViewType</c>: followed by the raw type code and the key count.</summary>
    Key = 20,

    /// <summary><c>VectorDataViewType</c>: followed by the item type and the dimensions.</summary>
    Vector = 21,
}
