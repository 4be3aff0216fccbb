using System.Globalization;
using System.IO.Compression;

namespace MLEmbeddings.Samples.Tests;

/// <summary>The main job: its pipeline on a tiny subset end to end, its files, and its answers to bad command lines.</summary>
public sealed class QuickStartTests(QuickStartTinyRun run) : IClassFixture<QuickStartTinyRun>, IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-quickstart-cli-").FullName;

    [Fact]
    public void The_pipeline_runs_end_to_end_on_a_tiny_subset_with_a_sensible_accuracy()
    {
        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("What each step buys", run.Output, StringComparison.Ordinal);
        Assert.Contains("Held-out images, scored by the reloaded model", run.Output, StringComparison.Ordinal);

        // Ten balanced classes: chance is 10 %; k-NN on 300 Fashion-MNIST images reaches about 65-70 %.
        double printed = PercentOnSummaryRow("accuracy");
        Assert.InRange(printed, 50, 100);

        // The printed accuracy is the share of predictions.csv rows whose prediction is the true class (counted here, independently).
        string[][] rows = PredictionRows();
        Assert.Equal(QuickStartTinyRun.TestImages, rows.Length);
        double counted = 100.0 * rows.Count(row => row[1] == row[2]) / rows.Length;
        Assert.Equal(counted, printed, 2);
    }

    [Fact]
    public void The_reloaded_model_predicts_exactly_as_the_in_memory_one()
    {
        Assert.True(run.ExitCode == 0, run.Transcript);
        foreach (string[] row in PredictionRows())
        {
            Assert.Equal(row[2], row[3]);
            Assert.Equal(row[4], row[5]);
            float[] scores = row[4].Split(' ').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(10, scores.Length);
            Assert.Equal(1.0, scores.Sum(), 5);
        }

        Assert.Contains($"{QuickStartTinyRun.TestImages} of {QuickStartTinyRun.TestImages} test images", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_saved_model_chains_NMF_a_standardizer_the_projection_and_k_NN_over_the_small_embedding()
    {
        Assert.True(run.ExitCode == 0, run.Transcript);
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(run.OutputDirectory, "model.zip"));

        // Each step's Model.key starts with ML.NET's header, which names the component's loader.
        string Loader(int step) => ReadHeader(zip.GetEntry($"TransformerChain/Transform_00{step}/Model.key")!);
        Assert.Contains("MLEmbNonNegativeMatrix", Loader(1), StringComparison.Ordinal);
        Assert.NotNull(zip.GetEntry("TransformerChain/Transform_002/Normalizer_000/AffineNormalizer.txt"));
        Assert.Contains("MLEmbMahalanobisProject", Loader(3), StringComparison.Ordinal);
        Assert.Contains("MLEmbKNearestNeighbors", Loader(4), StringComparison.Ordinal);

        // The NMF step stores its 12 x 784 components; the k-NN index holds the 300 training images as 8 numbers each, not 784 pixels.
        Assert.True(zip.GetEntry("TransformerChain/Transform_001/Model.key")!.Length >= 12 * 784 * sizeof(float));
        long index = zip.GetEntry("TransformerChain/Transform_004/Model.key")!.Length;
        Assert.InRange(index, 300 * 8 * sizeof(float), 300 * 784 * sizeof(float) / 4);
    }

    [Theory]
    [InlineData("nmf-components.png")]
    [InlineData("embedding-before-after-metric-learning.png")]
    [InlineData("confusion-matrix.png")]
    [InlineData("held-out-predictions.png")]
    public void The_pictures_are_non_empty_png_files_and_their_paths_are_printed(string name)
    {
        Assert.True(run.ExitCode == 0, run.Transcript);
        string path = Path.Combine(run.OutputDirectory, name);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 2_000, $"{name} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);

        // The IHDR chunk follows the signature: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.InRange(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), 200, 4000);
        Assert.InRange(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), 200, 4000);
        Assert.Contains(name, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown option '--colour'", "--colour", "red")]
    [InlineData("option '--train' expects a whole number from 10 to 60000; got 'many'", "--train", "many")]
    [InlineData("option '--test' expects a whole number from 1 to 10000; got '-5'", "--test", "-5")]
    [InlineData("option '--components' expects a whole number from 2 to 200; got '1.5'", "--components", "1.5")]
    [InlineData("option '--neighbors' needs a value", "--neighbors")]
    [InlineData("option '--rank' must be at most --components (10), the size of the projection's input; got 20", "--components", "10", "--rank", "20")]
    [InlineData("option '--components' must be at most --train (20): NMF cannot learn more parts than it has images; got 30", "--train", "20", "--components", "30", "--rank", "5")]
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
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_options()
    {
        SampleRunner.Result result = SampleRunner.Run("QuickStart", _directory, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "--data DIR", "--train N", "--test N", "--components C", "--rank R", "--neighbors K", "--output DIR" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The value of a summary row such as "│ accuracy │ 65.00 % │", as a number of percent.</summary>
    private double PercentOnSummaryRow(string what)
    {
        string line = run.Output.Split('\n').Single(l => l.StartsWith($"│ {what} ", StringComparison.Ordinal));
        string value = line.Split('│', StringSplitOptions.RemoveEmptyEntries)[1].Trim().TrimEnd('%').Trim();
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    private static string ReadHeader(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        var header = new byte[256];
        stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(header);
    }

    /// <summary>predictions.csv without its header: index, true class, in-memory class, reloaded class, in-memory scores, reloaded scores.</summary>
    private string[][] PredictionRows()
    {
        string[] lines = File.ReadAllLines(Path.Combine(run.OutputDirectory, "predictions.csv"));
        Assert.Equal("index,true_class,in_memory_class,reloaded_class,in_memory_scores,reloaded_scores", lines[0]);
        return lines.Skip(1).Select(line => line.Split(',')).ToArray();
    }
}
