namespace MLEmbeddings.Samples.Tests;

/// <summary>
/// One run of the quick start's whole pipeline on a tiny subset (300 training, 100 test images, 12 NMF parts, NCA rank 8,
/// k = 3), shared by the tests that check its outputs.
/// </summary>
public sealed class QuickStartTinyRun : IDisposable
{
    public const int TestImages = 100;

    public QuickStartTinyRun()
    {
        SampleRunner.Result result = SampleRunner.Run(
            "QuickStart", Directory, "--train", "300", "--test", TestImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--components", "12", "--rank", "8", "--neighbors", "3", "--output", "out");
        (ExitCode, Output, Error) = (result.ExitCode, result.Output, result.Error);
    }

    /// <summary>The working directory of the run.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mlembeddings-quickstart-").FullName;

    /// <summary>The folder the run wrote its files to.</summary>
    public string OutputDirectory => Path.Combine(Directory, "out");

    /// <summary>The run's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The run's standard output.</summary>
    public string Output { get; }

    /// <summary>The run's standard error.</summary>
    public string Error { get; }

    /// <summary>Standard output and error together, for failure messages.</summary>
    public string Transcript => Output + Error;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
