namespace MLEmbeddings.Samples.Tests;

public sealed class QuickStartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-quickstart-").FullName;

    [Fact]
    public void Runs_end_to_end_on_a_small_subset_and_writes_the_model()
    {
        SampleRunner.Result result = SampleRunner.Run("QuickStart", _directory, "--train", "600", "--test", "100", "--neighbors", "3", "--output", "out");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("accuracy", result.Output, StringComparison.Ordinal);
        Assert.Contains("Held-out images, scored by the reloaded model", result.Output, StringComparison.Ordinal);
        using (System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(_directory, "out", "model.zip")))
        {
            Assert.True(zip.Entries.Sum(e => e.Length) > 600 * 784 * 4, "model.zip should hold the indexed training vectors");
        }

        string accuracyLine = result.Output.Split('\n').Single(l => l.Contains("│ accuracy", StringComparison.Ordinal));
        double accuracy = double.Parse(accuracyLine.Split('│', StringSplitOptions.RemoveEmptyEntries)[1].Trim().TrimEnd('%').Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 60, 100);
    }

    [Theory]
    [InlineData("unknown option '--colour'", "--colour", "red")]
    [InlineData("option '--train' expects a whole number from 10 to 60000; got 'many'", "--train", "many")]
    [InlineData("option '--neighbors' needs a value", "--neighbors")]
    public void Bad_command_line_input_gets_one_line_and_a_non_zero_exit_code(string expected, params string[] arguments)
    {
        SampleRunner.Result result = SampleRunner.Run("QuickStart", _directory, arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"QuickStart: {expected}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_folder_gets_one_line_and_a_non_zero_exit_code()
    {
        SampleRunner.Result result = SampleRunner.Run("QuickStart", _directory, "--data", Path.Combine(_directory, "nowhere"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("QuickStart: Data file not found:", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Help_explains_the_options()
    {
        SampleRunner.Result result = SampleRunner.Run("QuickStart", _directory, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--train N", result.Output, StringComparison.Ordinal);
        Assert.Contains("--neighbors K", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
