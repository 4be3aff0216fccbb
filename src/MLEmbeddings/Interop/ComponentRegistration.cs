using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// Registers every persisted MLEmbeddings component with an ML.NET component catalog, so that
/// <c>mlContext.Model.Load</c> can re-create them. Each catalog is registered once.
/// </summary>
/// <remarks>
/// ML.NET finds a model entry's loader by name in the <see cref="ComponentCatalog"/> of the loading
/// <c>MLContext</c>; its own components get there through an internal assembly attribute that other assemblies
/// cannot declare, so ours are added by reflection (<see cref="MLNetInternals.RegisterLoadableClass"/>). Every
/// catalog extension method registers its context; a context that only loads calls
/// <c>mlContext.RegisterMLEmbeddings()</c> first.
/// </remarks>
internal static class ComponentRegistration
{
    private static readonly Lazy<(Type Type, PersistenceIdentity Identity)[]> Components = new(FindComponents);
    private static readonly ConditionalWeakTable<ComponentCatalog, object> Registered = [];

    /// <summary>Loader signatures of all persisted components in this assembly.</summary>
    public static IEnumerable<string> LoaderSignatures => Components.Value.Select(c => c.Identity.LoaderSignature);

    /// <summary>Registers all components with the catalog of <paramref name="environment"/> (idempotent, thread-safe).</summary>
    public static void EnsureRegistered(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        EnsureRegistered(environment.ComponentCatalog);
    }

    /// <summary>Registers all components with <paramref name="catalog"/> (idempotent, thread-safe).</summary>
    public static void EnsureRegistered(ComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (Registered.TryGetValue(catalog, out _))
        {
            return;
        }

        MLNetInternals internals = MLNetInternals.Instance;
        foreach ((Type type, PersistenceIdentity identity) in Components.Value)
        {
            internals.RegisterLoadableClass(catalog, type, ModelPersistence.CreateMethod(type), identity.LoaderSignature);
        }

        Registered.TryAdd(catalog, catalog);
    }

    private static (Type, PersistenceIdentity)[] FindComponents()
    {
        MethodInfo identityOf = typeof(ComponentRegistration).GetMethod(nameof(IdentityOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        return typeof(ComponentRegistration).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetInterfaces().Any(
                face => face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IPersistedComponent<>) && face.GetGenericArguments()[0] == type))
            .Select(type => (type, (PersistenceIdentity)identityOf.MakeGenericMethod(type).Invoke(null, null)!))
            .ToArray();
    }

    private static PersistenceIdentity IdentityOf<T>()
        where T : class, IPersistedComponent<T> => T.Identity;
}
