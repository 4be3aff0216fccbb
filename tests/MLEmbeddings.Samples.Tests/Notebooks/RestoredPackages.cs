namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>What a package restore resolved for this machine's runtime identifier.</summary>
/// <param name="ManagedAssemblies">Absolute paths of the packages' runtime assemblies (what a script references and loads).</param>
/// <param name="NativeLibraries">Absolute paths of the packages' native libraries for this runtime identifier.</param>
internal sealed record RestoredPackages(IReadOnlyList<string> ManagedAssemblies, IReadOnlyList<string> NativeLibraries);
