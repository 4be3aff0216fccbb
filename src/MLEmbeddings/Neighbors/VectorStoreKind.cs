namespace MLEmbeddings.Neighbors;

/// <summary>The tag written before a saved <see cref="VectorStore"/>.</summary>
internal enum VectorStoreKind
{
    /// <summary>Full-precision float vectors.</summary>
    Float = 0,

    /// <summary>Per-dimension int8 scalar codes.</summary>
    ScalarInt8 = 1,

    /// <summary>1-bit binary codes.</summary>
    Binary = 2,
}
