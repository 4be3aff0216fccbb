using System.Diagnostics;

namespace MLEmbeddings.Samples.Tests;

/// <summary>Runs a built sample (samples/NAME/bin/CONFIG/net10.0/NAME.dll) as a separate process and captures its output.</summary>
internal static class SampleRunner
{
    /// <summary>The sample's exit code and its standard output and error.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    // This assembly lives in tests/MLEmbeddings.Samples.Tests/bin/<configuration>/<framework>/.
    private static readonly DirectoryInfo OutputDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot { get; } = OutputDirectory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Runs sample <paramref name="name"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static Result Run(string name, string workingDirectory, params string[] arguments)
    {
        string program = Path.Combine(RepositoryRoot, "samples", name, "bin", OutputDirectory.Parent!.Name, OutputDirectory.Name, name + ".dll");
        Assert.True(File.Exists(program), $"The sample is not built: {program}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string standardOutput = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), $"{name} did not finish within 5 minutes.");
        return new Result(process.ExitCode, standardOutput, error.Result);
    }

    /// <summary>
    /// Asserts that the sample failed the way bad input must fail: exit code <paramref name="exitCode"/>, one line on
    /// standard error starting "NAME: <paramref name="expected"/>", no stack trace.
    /// </summary>
    public static void AssertOneLineError(Result result, string name, int exitCode, string expected)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.StartsWith($"{name}: {expected}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
