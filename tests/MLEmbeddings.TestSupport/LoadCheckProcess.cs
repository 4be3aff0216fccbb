using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace MLEmbeddings.TestSupport;

/// <summary>
/// Runs a load-check app (tests/MLEmbeddings.LoadCheck or tests/MLEmbeddings.Onnx.LoadCheck) as a separate process:
/// it loads a saved model, scores an input file and prints one output column, one row a line.
/// </summary>
public static class LoadCheckProcess
{
    /// <summary>
    /// Runs the load-check app whose path <paramref name="testAssembly"/> records in its
    /// <c>AssemblyMetadata("LoadCheckPath", ...)</c> attribute, with the arguments
    /// <c>model input mode outputColumn</c>, and waits up to 2 minutes for it.
    /// </summary>
    /// <param name="testAssembly">The test assembly that carries the <c>LoadCheckPath</c> metadata.</param>
    /// <param name="model">The saved model zip.</param>
    /// <param name="input">The input file the app scores.</param>
    /// <param name="mode"><c>register</c> (calls <c>RegisterMLEmbeddings()</c> before loading) or <c>plain</c>.</param>
    /// <param name="outputColumn">The column the app prints.</param>
    /// <returns>The exit code and the standard output followed by the standard error.</returns>
    public static (int ExitCode, string Output) Run(Assembly testAssembly, string model, string input, string mode, string outputColumn)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        string program = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LoadCheckPath").Value!;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { program, model, input, mode, outputColumn })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "The load-check process did not finish within 2 minutes.");
        return (process.ExitCode, output + error.Result);
    }
}
