using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace MLEmbeddings.TestSupport;

/// <summary>
/// Runs a load-check app (a consumer program such as tests/MLEmbeddings.LoadCheck) in a separate process. The test
/// project names the app's built dll in an <c>AssemblyMetadata("LoadCheckPath", ...)</c> attribute of its own assembly.
/// </summary>
public static class LoadCheckProcess
{
    /// <summary>Environment variable that makes the load-check app write the names of the assemblies it loaded to the given file.</summary>
    public const string AssemblyListVariable = "MLEMBEDDINGS_LOADCHECK_ASSEMBLIES";

    /// <summary>Runs the app named by <paramref name="testAssembly"/>'s <c>LoadCheckPath</c> with <paramref name="arguments"/>; returns its exit code and its standard output followed by its standard error.</summary>
    /// <param name="testAssembly">The calling test assembly (holds the <c>LoadCheckPath</c> metadata).</param>
    /// <param name="arguments">The app's arguments.</param>
    /// <param name="assemblyListPath">When given, the app writes the names of its loaded assemblies to this file.</param>
    public static (int ExitCode, string Output) Run(Assembly testAssembly, IReadOnlyList<string> arguments, string? assemblyListPath = null)
    {
        string program = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LoadCheckPath").Value!;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (assemblyListPath is not null)
        {
            start.Environment[AssemblyListVariable] = assemblyListPath;
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "The load-check process did not finish within 2 minutes.");
        return (process.ExitCode, output + error.Result);
    }
}
