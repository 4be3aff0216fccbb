namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>A package a notebook asks for with <c>#r "nuget: Id, Version"</c>.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version as written (NuGet reads "5.0.1" as "5.0.1 or later", preferring the lowest).</param>
internal sealed record NuGetPackage(string Id, string Version);
