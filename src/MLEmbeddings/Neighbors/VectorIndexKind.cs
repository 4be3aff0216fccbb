namespace MLEmbeddings.Neighbors;

/// <summary>The tag written before each saved index, telling <see cref="VectorIndex.Load(Interop.ModelPayloadReader)"/> which type to read.</summary>
internal enum VectorIndexKind
{
    /// <summary>The exact flat index.</summary>
    Flat = 1,

    /// <summary>The exact scan over quantized codes.</summary>
    QuantizedFlat = 2,

    /// <summary>HNSW.</summary>
    Hnsw = 3,

    /// <summary>IVF-Flat.</summary>
    Ivf = 4,
}
