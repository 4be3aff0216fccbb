using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// Implemented (explicitly) by every type that round-trips through <c>mlContext.Model.Save</c> /
/// <c>mlContext.Model.Load</c>: its identity in the zip and how to rebuild it from its payload. Registration
/// finds all implementations by scanning this assembly, so adding a component needs no central list.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface IPersistedComponent<TSelf>
    where TSelf : class, IPersistedComponent<TSelf>
{
    /// <summary>The component's loader signature, model signature and format version.</summary>
    static abstract PersistenceIdentity Identity { get; }

    /// <summary>
    /// Rebuilds the component from its payload. The format version was already read and checked; it is passed
    /// in so that older layouts can still be read.
    /// </summary>
    static abstract TSelf Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment);
}
