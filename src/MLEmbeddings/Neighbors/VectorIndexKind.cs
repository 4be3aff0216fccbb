namespace MLEmbeddings.Neighbors;

/// <summary>The tag written before each saved index, telling <see cref="VectorIndex.Load"/> which type to read.</summary>
internal enum VectorIndexKind
{
    /// <summary>The exact flat index.</summary>
    Flat = 1,
}
