// Topic modelling: documents -> FeaturizeText (TF-IDF of words) -> NonNegativeMatrixFactorization -> top words per topic.
// usage: dotnet run -c Release --project samples/TopicModeling -- [--file FILE] [--topics K] [--words N]
using System.Globalization;
using SampleSupport;
using TopicModeling;

TopicModelingOptions options;
try
{
    options = TopicModelingOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"TopicModeling: {error.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(TopicModelingOptions.Usage);
    return 0;
}

if (!File.Exists(options.FilePath))
{
    Console.Error.WriteLine($"TopicModeling: --file: file not found: {options.FilePath}");
    return 1;
}

try
{
    List<LabeledText> documents = LabeledText.ReadAll(options.FilePath);
    if (documents.Count < options.NumberOfTopics)
    {
        Console.Error.WriteLine($"TopicModeling: option '--topics' asks for {options.NumberOfTopics} topics but {options.FilePath} has {documents.Count} documents.");
        return 2;
    }

    TopicModel model = TopicModel.Fit(documents, options.NumberOfTopics, options.NumberOfWords);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Topic modelling of {documents.Count:N0} documents from {options.FilePath}"));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{model.VocabularySize:N0} words after stop-word removal; NMF rank {model.Factorization.Rank}: {model.Factorization.IterationsRun} iterations, relative reconstruction error {model.Factorization.ReconstructionError:F4}, converged {model.Factorization.Converged}"));
    Console.WriteLine();
    for (int topic = 0; topic < model.Topics.Count; topic++)
    {
        Topic found = model.Topics[topic];
        string label = found.CommonestLabel.Length > 0 ? string.Create(CultureInfo.InvariantCulture, $", {found.CommonestLabelShare:P0} {found.CommonestLabel}") : string.Empty;
        Console.WriteLine($"topic {topic + 1,2} ({found.Documents,4} documents{label}): {string.Join(' ', found.Words)}");
    }

    return 0;
}
catch (Exception error) when (error is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
{
    // A file that is not gzip (or not readable), or a corpus the pipeline rejects.
    Console.Error.WriteLine($"TopicModeling: {options.FilePath}: {error.Message.ReplaceLineEndings(" ")}");
    return 1;
}
