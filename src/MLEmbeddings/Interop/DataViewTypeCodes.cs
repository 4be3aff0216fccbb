using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>Maps data view types to and from the codes of <see cref="DataViewTypeCode"/>.</summary>
internal static class DataViewTypeCodes
{
    private static readonly (DataViewTypeCode Code, PrimitiveDataViewType Type)[] Primitives =
    [
        (DataViewTypeCode.Text, TextDataViewType.Instance),
        (DataViewTypeCode.Boolean, BooleanDataViewType.Instance),
        (DataViewTypeCode.Single, NumberDataViewType.Single),
        (DataViewTypeCode.Double, NumberDataViewType.Double),
        (DataViewTypeCode.SByte, NumberDataViewType.SByte),
        (DataViewTypeCode.Byte, NumberDataViewType.Byte),
        (DataViewTypeCode.Int16, NumberDataViewType.Int16),
        (DataViewTypeCode.UInt16, NumberDataViewType.UInt16),
        (DataViewTypeCode.Int32, NumberDataViewType.Int32),
        (DataViewTypeCode.UInt32, NumberDataViewType.UInt32),
        (DataViewTypeCode.Int64, NumberDataViewType.Int64),
        (DataViewTypeCode.UInt64, NumberDataViewType.UInt64),
    ];

    /// <summary>Whether a type is a supported primitive, a key over one, or a vector of those.</summary>
    public static bool IsSupported(DataViewType type) => type switch
    {
        VectorDataViewType vector => IsSupported(vector.ItemType),
        KeyDataViewType => true,
        _ => Primitives.Any(p => p.Type.Equals(type)),
    };

    /// <summary>The code of a primitive type.</summary>
    /// <exception cref="NotSupportedException">The type is not one of the supported primitives.</exception>
    public static DataViewTypeCode ForPrimitive(DataViewType type)
    {
        foreach ((DataViewTypeCode code, PrimitiveDataViewType primitive) in Primitives)
        {
            if (primitive.Equals(type))
            {
                return code;
            }
        }

        throw new NotSupportedException($"Data view type {type} cannot be saved by MLEmbeddings.");
    }

    /// <summary>The code of the primitive type whose raw type is <paramref name="rawType"/>.</summary>
    public static DataViewTypeCode ForRawType(Type rawType)
    {
        foreach ((DataViewTypeCode code, PrimitiveDataViewType primitive) in Primitives)
        {
            if (primitive.RawType == rawType)
            {
                return code;
            }
        }

        throw new NotSupportedException($"Raw type {rawType} cannot be saved by MLEmbeddings.");
    }

    /// <summary>The primitive type for a code, or null when the code is not a primitive code.</summary>
    public static PrimitiveDataViewType? Primitive(DataViewTypeCode code)
    {
        foreach ((DataViewTypeCode candidate, PrimitiveDataViewType primitive) in Primitives)
        {
            if (candidate == code)
            {
                return primitive;
            }
        }

        return null;
    }
}
