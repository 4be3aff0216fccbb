using SampleSupport;

namespace TopicModeling;

/// <summary>Command-line options of the topic modelling sample; <see cref="Parse"/> explains bad input in one line.</summary>
internal sealed class TopicModelingOptions
{
    public const string Usage = """
        TopicModeling: find the topics of a text corpus and print the top words of each.
          documents -> FeaturizeText (TF-IDF of words, English stop words removed) -> NonNegativeMatrixFactorization -> top words

        usage: dotnet run -c Release --project samples/TopicModeling -- [options]
          --file FILE       the corpus: one document per line, or "label<TAB>document" per line (the labels are only
                            reported next to the topics); gzip-compressed if the name ends in .gz
                            (default: samples/data/python-docstrings.tsv.gz, 1,550 docstrings of twelve areas of
                            Python's standard library)
          --topics K        number of topics, the NMF rank, 2..100 and at most the number of documents (default 12)
          --words N         top words printed per topic, 1..50 (default 10)
          --help            show this text
        """;

    public string FilePath { get; private set; } = CommandLine.RepositoryPath("samples", "data", "python-docstrings.tsv.gz");

    public int NumberOfTopics { get; private set; } = 12;

    public int NumberOfWords { get; private set; } = 10;

    public bool ShowHelp { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line explanation on bad input.</summary>
    public static TopicModelingOptions Parse(string[] args)
    {
        var options = new TopicModelingOptions();
        options.ShowHelp = CommandLine.Parse(args, (name, value) =>
        {
            switch (name)
            {
                case "--file":
                    options.FilePath = value();
                    return true;
                case "--topics":
                    options.NumberOfTopics = CommandLine.WholeNumber(name, value(), 2, 100);
                    return true;
                case "--words":
                    options.NumberOfWords = CommandLine.WholeNumber(name, value(), 1, 50);
                    return true;
                default:
                    return false;
            }
        });

        return options;
    }
}
