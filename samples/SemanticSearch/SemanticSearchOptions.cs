using SampleSupport;

namespace SemanticSearch;

/// <summary>Command-line options of the semantic search sample; <see cref="Parse"/> explains bad input in one line.</summary>
internal sealed class SemanticSearchOptions
{
    public const string Usage = """
        SemanticSearch: find the sentences of a corpus closest in meaning to each query.
          corpus sentences -> ApplySentenceEmbedding (ONNX sentence model) -> SearchNearestNeighbors (cosine) -> top matches

        usage: dotnet run -c Release --project samples/SemanticSearch -- [options]
          --corpus FILE     one sentence per line; a line "topic<TAB>sentence" shows its topic with the matches
                            (default: samples/data/sentences.tsv, 48 sentences on six topics)
          --query TEXT      a query; repeat for several (default: five example queries)
          --top K           matches printed per query, 1..100 and at most the corpus size (default 3)
          --model FILE      a sentence-transformers ONNX model, e.g. all-MiniLM-L6-v2/onnx/model.onnx
                            (default: the tiny random-weight test model tests/fixtures/onnx/sentence_encoder.onnx)
          --vocab FILE      its WordPiece vocabulary, e.g. all-MiniLM-L6-v2/vocab.txt
                            (default: tests/fixtures/onnx/vocab.txt; required when --model is given)
          --help            show this text

        Where to get all-MiniLM-L6-v2: README.md, section "Sentence embeddings from a local ONNX model (all-MiniLM-L6-v2)".
        """;

    /// <summary>The queries searched when none is given.</summary>
    public static readonly IReadOnlyList<string> ExampleQueries =
    [
        "Who won the football match?",
        "What can I cook for dinner tonight?",
        "Will it snow this week?",
        "How do computers find similar text?",
        "pets that sleep all day",
    ];

    private readonly List<string> _queries = [];

    public string CorpusPath { get; private set; } = CommandLine.RepositoryPath("samples", "data", "sentences.tsv");

    public string ModelPath { get; private set; } = CommandLine.RepositoryPath("tests", "fixtures", "onnx", "sentence_encoder.onnx");

    public string VocabularyPath { get; private set; } = CommandLine.RepositoryPath("tests", "fixtures", "onnx", "vocab.txt");

    /// <summary>Whether the model is the repository's random-weight test model (its matches show the mechanics, not meaning).</summary>
    public bool UsesTestModel { get; private set; } = true;

    public IReadOnlyList<string> Queries => _queries.Count > 0 ? _queries : ExampleQueries;

    public int NumberOfMatches { get; private set; } = 3;

    public bool ShowHelp { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line explanation on bad input.</summary>
    public static SemanticSearchOptions Parse(string[] args)
    {
        var options = new SemanticSearchOptions();
        bool modelGiven = false, vocabularyGiven = false;
        options.ShowHelp = CommandLine.Parse(args, (name, value) =>
        {
            switch (name)
            {
                case "--corpus":
                    options.CorpusPath = value();
                    return true;
                case "--query":
                    string query = value();
                    if (string.IsNullOrWhiteSpace(query))
                    {
                        throw new ArgumentException("option '--query' needs some text; got an empty query.");
                    }

                    options._queries.Add(query);
                    return true;
                case "--top":
                    options.NumberOfMatches = CommandLine.WholeNumber(name, value(), 1, 100);
                    return true;
                case "--model":
                    options.ModelPath = value();
                    modelGiven = true;
                    return true;
                case "--vocab":
                    options.VocabularyPath = value();
                    vocabularyGiven = true;
                    return true;
                default:
                    return false;
            }
        });

        if (modelGiven && !vocabularyGiven)
        {
            throw new ArgumentException("option '--model' needs '--vocab' too: the vocabulary (vocab.txt) that belongs to the model.");
        }

        options.UsesTestModel = !modelGiven;
        return options;
    }
}
