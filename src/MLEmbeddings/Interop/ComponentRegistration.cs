using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// Registers every persisted MLEmbeddings component with an ML.NET component catalog, so that
/// <c>mlContext.Model.Load</c> can re-create them. Components come from this assembly and from every MLEmbeddings
/// assembly marked with <see cref="ComponentAssemblyAttribute"/> (MLEmbeddings.Onnx, ...), whether it was loaded
/// before or after the catalog was registered.
/// </summary>
/// <remarks>
/// ML.NET finds a model entry's loader by name in the <see cref="ComponentCatalog"/> of the loading
/// <c>MLContext</c>; its own components get there through an internal assembly attribute that other assemblies
/// cannot declare, so ours are added by reflection (<see cref="MLNetInternals.RegisterLoadableClass"/>). Every
/// catalog extension method registers its context; a context that only loads calls
/// <c>mlContext.RegisterMLEmbeddings()</c> first. A model entry names the assembly of its component, and ML.NET loads
/// that assembly before looking the loader up: when a marked assembly is loaded (then or at any other time), its
/// components are added to every catalog registered so far, so the one registration line also covers components of
/// assemblies the application has not touched yet.
/// </remarks>
internal static class ComponentRegistration
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> ScannedAssemblies = [];
    private static readonly List<(Type Type, PersistenceIdentity Identity)> Components = [];

    /// <summary>For each registered catalog, how many entries of <see cref="Components"/> it has.</summary>
    private static readonly ConditionalWeakTable<ComponentCatalog, StrongBox<int>> Registered = [];

    static ComponentRegistration()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, arguments) => OnAssemblyLoaded(arguments.LoadedAssembly);
        lock (Gate)
        {
            Scan(typeof(ComponentRegistration).Assembly);
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (IsMarked(assembly))
                {
                    Scan(assembly);
                }
            }
        }
    }

    /// <summary>Loader signatures of all persisted components found so far.</summary>
    public static IEnumerable<string> LoaderSignatures
    {
        get
        {
            lock (Gate)
            {
                return Components.Select(c => c.Identity.LoaderSignature).ToArray();
            }
        }
    }

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
        lock (Gate)
        {
            RegisterPending(catalog, Registered.GetValue(catalog, _ => new StrongBox<int>(0)));
        }
    }

    private static void OnAssemblyLoaded(Assembly assembly)
    {
        if (!IsMarked(assembly))
        {
            return;
        }

        lock (Gate)
        {
            if (!Scan(assembly))
            {
                return;
            }

            foreach (KeyValuePair<ComponentCatalog, StrongBox<int>> entry in Registered)
            {
                RegisterPending(entry.Key, entry.Value);
            }
        }
    }

    /// <summary>Registers the components the catalog does not have yet (called under <see cref="Gate"/>).</summary>
    private static void RegisterPending(ComponentCatalog catalog, StrongBox<int> registeredCount)
    {
        if (registeredCount.Value == Components.Count)
        {
            return;
        }

        MLNetInternals internals = MLNetInternals.Instance;
        for (int i = registeredCount.Value; i < Components.Count; i++)
        {
            (Type type, PersistenceIdentity identity) = Components[i];
            internals.RegisterLoadableClass(catalog, type, ModelPersistence.CreateMethod(type), identity.LoaderSignature);
            registeredCount.Value = i + 1;
        }
    }

    /// <summary>
    /// Whether <paramref name="assembly"/> is an MLEmbeddings component assembly. The reference check reads metadata
    /// only, so unrelated assemblies (whose attributes may need assemblies that are not present) are never inspected further.
    /// </summary>
    private static bool IsMarked(Assembly assembly)
    {
        string? core = typeof(ComponentRegistration).Assembly.GetName().Name;
        return !assembly.IsDynamic
            && assembly.GetReferencedAssemblies().Any(reference => reference.Name == core)
            && assembly.IsDefined(typeof(ComponentAssemblyAttribute), inherit: false);
    }

    /// <summary>Adds the persisted components of <paramref name="assembly"/> (called under <see cref="Gate"/>); false if it was already scanned.</summary>
    private static bool Scan(Assembly assembly)
    {
        if (!ScannedAssemblies.Add(assembly))
        {
            return false;
        }

        MethodInfo identityOf = typeof(ComponentRegistration).GetMethod(nameof(IdentityOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        Components.AddRange(assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetInterfaces().Any(
                face => face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IPersistedComponent<>) && face.GetGenericArguments()[0] == type))
            .Select(type => (type, (PersistenceIdentity)identityOf.MakeGenericMethod(type).Invoke(null, null)!)));
        return true;
    }

    private static PersistenceIdentity IdentityOf<T>()
        where T : class, IPersistedComponent<T> => T.Identity;
}
