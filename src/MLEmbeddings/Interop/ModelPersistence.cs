using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// Saves a component into an ML.NET model entry through ML.NET's own header machinery, and loads it back.
/// </summary>
internal static class ModelPersistence
{
    /// <summary>
    /// The ML.NET header versions of every MLEmbeddings entry. They never change: compatibility is handled by
    /// <see cref="PersistenceIdentity.FormatVersion"/>, which gives better messages.
    /// </summary>
    private const uint HeaderVersion = 0x00010001;

    /// <summary>
    /// Writes a component entry from <see cref="ICanSaveModel.Save"/>: the header (model signature, versions,
    /// loader signature and the name of the component's assembly, which ML.NET loads before it looks the loader up),
    /// then the format version, then the payload written by <paramref name="writePayload"/>.
    /// </summary>
    public static void Save(ModelSaveContext context, PersistenceIdentity identity, Assembly componentAssembly, Action<ModelPayloadWriter> writePayload)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(componentAssembly);
        ArgumentNullException.ThrowIfNull(writePayload);
        MLNetInternals internals = MLNetInternals.Instance;
        internals.BeginSave(context, identity.ModelSignature, HeaderVersion, identity.LoaderSignature, componentAssembly.FullName!);
        var writer = new ModelPayloadWriter(internals.SaveWriter(context));
        writer.Write(identity.FormatVersion);
        writePayload(writer);
    }

    /// <summary>
    /// Opens a component entry for loading: checks the header's model signature, reads the format version (rejecting
    /// a newer one) and returns a bounded reader over the payload with the version read.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry is not this component's, or its format is newer than this library.</exception>
    public static (ModelPayloadReader Reader, int FormatVersion) BeginLoad(object loadContext, PersistenceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(loadContext);
        MLNetInternals internals = MLNetInternals.Instance;
        (ulong signature, long end) = internals.BeginLoad(loadContext);
        var reader = new ModelPayloadReader(internals.LoadReader(loadContext), end, identity.DisplayName);
        if (signature != identity.PackedModelSignature)
        {
            throw reader.Corrupt($"the entry's model signature is 0x{signature:X16}, expected '{identity.ModelSignature}'");
        }

        int version = reader.ReadInt32();
        if (version > identity.FormatVersion)
        {
            throw new InvalidDataException(
                $"The saved {identity.DisplayName} model uses format version {version}, but this MLEmbeddings " +
                $"({typeof(ModelPersistence).Assembly.GetName().Version}) reads format versions up to {identity.FormatVersion}. " +
                "Load the model with the MLEmbeddings version that saved it, or a newer one.");
        }

        if (version < 1)
        {
            throw reader.Corrupt($"the format version is {version}");
        }

        return (reader, version);
    }

    /// <summary>The create method ML.NET invokes for a registered component.</summary>
    public static MethodInfo CreateMethod(Type componentType)
        => typeof(PersistedComponentLoader<>).MakeGenericType(componentType).GetMethod(nameof(PersistedComponentLoader<>.Create))!;
}
