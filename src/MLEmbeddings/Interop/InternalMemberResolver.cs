using System.Reflection;
using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>
/// Looks up non-public ML.NET types and members by name and records every one it cannot find, so that one
/// exception can name all of them together with the Microsoft.ML version that was loaded.
/// </summary>
/// <remarks>
/// <see cref="MLNetInternals"/> uses one resolver for everything the shim needs, up front. Tests use it
/// directly with a deliberately wrong member name to check the message.
/// </remarks>
internal sealed class InternalMemberResolver
{
    /// <summary>The Microsoft.ML package range this library is built and tested against.</summary>
    public const string SupportedRange = "[5.0.1, 5.1)";

    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    private readonly List<string> _missing = [];

    /// <summary>Descriptions of the members that could not be found, in lookup order.</summary>
    public IReadOnlyList<string> Missing => _missing;

    /// <summary>A type by full name (nested types use '+') from the assembly that defines <paramref name="anchor"/>.</summary>
    public Type? Type(Type anchor, string fullName)
    {
        Type? type = anchor.Assembly.GetType(fullName, throwOnError: false);
        if (type is null)
        {
            _missing.Add($"type {fullName} in {anchor.Assembly.GetName().Name}");
        }

        return type;
    }

    /// <summary>An instance or static field of <paramref name="owner"/>, public or not.</summary>
    public FieldInfo? Field(Type? owner, string name)
    {
        if (owner is null)
        {
            return null;
        }

        FieldInfo? field = owner.GetField(name, AnyInstance) ?? owner.GetField(name, AnyStatic);
        if (field is null)
        {
            _missing.Add($"field {owner.FullName}.{name}");
        }

        return field;
    }

    /// <summary>An instance property of <paramref name="owner"/>, public or not.</summary>
    public PropertyInfo? Property(Type? owner, string name)
    {
        if (owner is null)
        {
            return null;
        }

        PropertyInfo? property = owner.GetProperty(name, AnyInstance);
        if (property is null)
        {
            _missing.Add($"property {owner.FullName}.{name}");
        }

        return property;
    }

    /// <summary>An instance method of <paramref name="owner"/> with exactly these parameter types.</summary>
    public MethodInfo? Method(Type? owner, string name, params Type?[] parameterTypes)
    {
        if (owner is null || parameterTypes.Any(t => t is null))
        {
            return null;
        }

        MethodInfo? method = owner.GetMethod(name, AnyInstance, binder: null, parameterTypes!, modifiers: null);
        if (method is null)
        {
            _missing.Add($"method {owner.FullName}.{name}({Describe(parameterTypes)})");
        }

        return method;
    }

    /// <summary>An instance constructor of <paramref name="owner"/> with exactly these parameter types.</summary>
    public ConstructorInfo? Constructor(Type? owner, params Type?[] parameterTypes)
    {
        if (owner is null || parameterTypes.Any(t => t is null))
        {
            return null;
        }

        ConstructorInfo? constructor = owner.GetConstructor(AnyInstance, binder: null, parameterTypes!, modifiers: null);
        if (constructor is null)
        {
            _missing.Add($"constructor {owner.FullName}({Describe(parameterTypes)})");
        }

        return constructor;
    }

    /// <summary>Throws when anything was missing; the message names every missing member.</summary>
    /// <exception cref="InvalidOperationException">At least one lookup failed.</exception>
    public void ThrowIfAnyMissing()
    {
        if (_missing.Count > 0)
        {
            throw new InvalidOperationException(MissingMembersMessage(_missing));
        }
    }

    /// <summary>The message for missing members: what is missing, which ML.NET was loaded and which one is required.</summary>
    public static string MissingMembersMessage(IReadOnlyList<string> missing)
    {
        Assembly core = typeof(ModelSaveContext).Assembly;
        return $"MLEmbeddings cannot use this ML.NET: the internal member(s) {string.Join("; ", missing)} were not found " +
            $"in the loaded Microsoft.ML {LoadedVersion()} ({core.Location}). " +
            $"MLEmbeddings saves and loads its models through ML.NET's internal persistence API and requires Microsoft.ML {SupportedRange}. " +
            "Reference a Microsoft.ML version in that range.";
    }

    /// <summary>The informational (package) version of the loaded Microsoft.ML.Core, without source-control suffix.</summary>
    public static string LoadedVersion()
    {
        Assembly core = typeof(ModelSaveContext).Assembly;
        string? informational = core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return core.GetName().Version?.ToString() ?? "(unknown version)";
        }

        int plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }

    private static string Describe(Type?[] types) => string.Join(", ", types.Select(t => t?.Name ?? "?"));
}
