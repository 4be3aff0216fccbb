using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// The create method registered with ML.NET's component catalog for <typeparamref name="T"/>: ML.NET calls it
/// with its environment and the internal <c>ModelLoadContext</c> (typed as <see cref="object"/> here).
/// </summary>
/// <typeparam name="T">The persisted component type.</typeparam>
internal static class PersistedComponentLoader<T>
    where T : class, IPersistedComponent<T>
{
    /// <summary>Reads the entry: header checks, format version, payload; fails if bytes are left over.</summary>
    public static T Create(IHostEnvironment env, object context)
    {
        (ModelPayloadReader reader, int version) = ModelPersistence.BeginLoad(context, T.Identity);
        T component = T.Load(reader, version, env);
        reader.RequireEnd();
        return component;
    }
}
