namespace MLEmbeddings.Samples.Tests;

/// <summary>The Model Builder-style pair: Train writes model.zip; Consume, which never saw the training code, loads and scores it.</summary>
public sealed class ModelBuilderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-modelbuilder-").FullName;

    [Fact]
    public void Consume_scores_the_trained_model_and_eight_pooled_threads_match_serial_scoring()
    {
        string digits = Path.Combine(SampleRunner.RepositoryRoot, "samples", "data", "digits.csv");
        string model = Path.Combine(_directory, "model.zip");
        SampleRunner.Result train = SampleRunner.Run("ModelBuilder.Train", _directory, "--data", digits, "--model", model);
        Assert.True(train.ExitCode == 0, train.Output + train.Error);
        double accuracy = double.Parse(train.Output.Split(' ')[2].TrimEnd(';'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 0.97, 1.0);

        SampleRunner.Result serial = SampleRunner.Run("ModelBuilder.Consume", _directory, "--model", model, "--input", digits, "--threads", "1", "--rows", "400");
        SampleRunner.Result pooled = SampleRunner.Run("ModelBuilder.Consume", _directory, "--model", model, "--input", digits, "--threads", "8", "--rows", "400");
        Assert.True(serial.ExitCode == 0, serial.Output + serial.Error);
        Assert.True(pooled.ExitCode == 0, pooled.Output + pooled.Error);
        string[] lines = serial.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(400, lines.Length);
        Assert.Equal(serial.Output, pooled.Output);

        // The first 400 rows of digits.csv mix both folds; their labels are in the file.
        string[] labels = File.ReadLines(digits).Skip(1).Take(400).Select(l => l.Split(',')[0]).ToArray();
        double agreement = lines.Select(l => l.Split('\t')[1]).Zip(labels).Count(p => p.First == p.Second) / 400.0;
        Assert.True(agreement > 0.97, $"agreement with the true labels {agreement}");
    }

    [Fact]
    public void Consume_explains_missing_arguments_and_files()
    {
        SampleRunner.Result usage = SampleRunner.Run("ModelBuilder.Consume", _directory);
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("ModelBuilder.Consume: usage:", usage.Error, StringComparison.Ordinal);

        SampleRunner.Result missing = SampleRunner.Run("ModelBuilder.Consume", _directory, "--model", "nothing.zip", "--input", "nothing.csv");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("ModelBuilder.Consume: file not found: nothing.zip", missing.Error.Trim());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
