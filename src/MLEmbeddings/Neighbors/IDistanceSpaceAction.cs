namespace MLEmbeddings.Neighbors;

/// <summary>Work that needs the concrete <see cref="IDistanceSpace{TSelf}"/> of a store: passed to <see cref="VectorStore.Dispatch"/>.</summary>
internal interface IDistanceSpaceAction
{
    /// <summary>Runs the work with a fresh space (its own query buffers) of the store.</summary>
    void Run<TSpace>(ref TSpace space)
        where TSpace : struct, IDistanceSpace<TSpace>;
}
