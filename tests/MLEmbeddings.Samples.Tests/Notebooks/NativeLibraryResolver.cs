using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// Lets assemblies loaded from the NuGet package folders find the native libraries of their sibling packages (for
/// example SkiaSharp.dll and <c>runtimes/linux-x64/native/libSkiaSharp.so</c>, which live in different packages), as an
/// application's deps.json would. It answers every load context's <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>,
/// including the contexts the scripting engine creates for package assemblies.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly ConcurrentDictionary<string, string> Libraries = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<AssemblyLoadContext, bool> Contexts = new();
    private static int _installed;

    /// <summary>Makes <paramref name="libraryPaths"/> resolvable by file name for the rest of the process.</summary>
    public static void Register(IEnumerable<string> libraryPaths)
    {
        foreach (string path in libraryPaths)
        {
            Libraries.TryAdd(Path.GetFileName(path), path);
        }

        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Watch(AssemblyLoadContext.GetLoadContext(e.LoadedAssembly));
            foreach (AssemblyLoadContext context in AssemblyLoadContext.All)
            {
                Watch(context);
            }
        }
    }

    private static void Watch(AssemblyLoadContext? context)
    {
        if (context is not null && Contexts.TryAdd(context, true))
        {
            context.ResolvingUnmanagedDll += Resolve;
        }
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        foreach (string candidate in new[] { name, name + ".so", "lib" + name + ".so", name + ".dylib", "lib" + name + ".dylib", name + ".dll" })
        {
            if (Libraries.TryGetValue(candidate, out string? path))
            {
                return NativeLibrary.Load(path);
            }
        }

        return IntPtr.Zero;
    }
}
