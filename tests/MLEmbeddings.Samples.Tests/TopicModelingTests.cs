using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MLEmbeddings.Samples.Tests;

/// <summary>
/// The topic modelling sample: it recovers the topics planted in a synthetic corpus, finds distinct topics in the shipped
/// corpus, and explains bad command-line input in one line.
/// </summary>
public sealed partial class TopicModelingTests : IDisposable
{
    // Four planted topics of ten words each (no English stop words among them), and background words every topic uses.
    private static readonly string[][] PlantedTopics =
    [
        ["goalkeeper", "striker", "penalty", "referee", "stadium", "league", "midfield", "tackle", "corner", "offside"],
        ["saucepan", "oregano", "simmer", "garlic", "pastry", "oven", "whisk", "basil", "dough", "skillet"],
        ["telescope", "nebula", "orbit", "comet", "galaxy", "asteroid", "planet", "meteor", "quasar", "eclipse"],
        ["violin", "cello", "sonata", "orchestra", "concerto", "tempo", "melody", "rehearsal", "conductor", "harmony"],
    ];

    private static readonly string[] BackgroundWords =
    [
        "today", "people", "green", "morning", "story", "little", "weekend", "friends", "simple", "bright",
        "journey", "window", "garden", "letter", "yellow", "quiet", "river", "market", "summer", "travel",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-topicmodeling-").FullName;
    private readonly ITestOutputHelper _log;

    public TopicModelingTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void The_topics_planted_in_a_synthetic_corpus_are_recovered_as_the_top_words()
    {
        // 240 documents, 60 per topic in random order; each has 20 words drawn from its topic's ten and 4 background words.
        var random = new Random(7);
        var lines = new List<string>();
        for (int document = 0; document < 240; document++)
        {
            int topic = random.Next(PlantedTopics.Length);
            IEnumerable<string> words = Enumerable.Range(0, 20).Select(_ => PlantedTopics[topic][random.Next(10)])
                .Concat(Enumerable.Range(0, 4).Select(_ => BackgroundWords[random.Next(BackgroundWords.Length)]))
                .OrderBy(_ => random.Next());
            lines.Add($"planted{topic}\t{string.Join(' ', words)}.");
        }

        string corpus = Path.Combine(_directory, "planted.tsv");
        File.WriteAllLines(corpus, lines);

        SampleRunner.Result result = SampleRunner.Run("TopicModeling", _directory, "--file", corpus, "--topics", "4", "--words", "10");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        _log.WriteLine(result.Output);

        List<string[]> found = Topics(result.Output);
        Assert.Equal(4, found.Count);
        var recovered = new HashSet<int>();
        foreach (string[] words in found)
        {
            int planted = Array.FindIndex(PlantedTopics, topic => topic.Order(StringComparer.Ordinal).SequenceEqual(words.Order(StringComparer.Ordinal)));
            Assert.True(planted >= 0, $"the topic '{string.Join(' ', words)}' is not one of the planted topics.");
            Assert.True(recovered.Add(planted), $"the planted topic {planted} was found twice.");
        }
    }

    [Fact]
    public void The_shipped_corpus_gives_distinct_topics()
    {
        // From a folder outside the repository: the default corpus is found from the program's folder.
        SampleRunner.Result result = SampleRunner.Run("TopicModeling", _directory);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        _log.WriteLine(result.Output);
        Assert.Contains("Topic modelling of 1,550 documents", result.Output, StringComparison.Ordinal);

        List<string[]> found = Topics(result.Output);
        Assert.Equal(12, found.Count);
        Assert.All(found, words => Assert.Equal(10, words.Distinct(StringComparer.Ordinal).Count()));
        double largest = 0;
        for (int first = 0; first < found.Count; first++)
        {
            for (int second = first + 1; second < found.Count; second++)
            {
                double jaccard = found[first].Intersect(found[second], StringComparer.Ordinal).Count()
                    / (double)found[first].Union(found[second], StringComparer.Ordinal).Count();
                Assert.True(jaccard < 0.3, $"topics {first + 1} and {second + 1} share too many top words (Jaccard {jaccard:F3}):\n{result.Output}");
                largest = Math.Max(largest, jaccard);
            }
        }

        _log.WriteLine($"largest Jaccard similarity of two topics' top-10 words: {largest:F3}");
    }

    [Theory]
    [InlineData(2, "unknown option '--colour'", "--colour", "red")]
    [InlineData(2, "option '--topics' expects a whole number from 2 to 100; got 'ten'", "--topics", "ten")]
    [InlineData(2, "option '--words' expects a whole number from 1 to 50; got '0'", "--words", "0")]
    [InlineData(2, "option '--file' needs a value", "--file")]
    [InlineData(1, "--file: file not found: missing.txt", "--file", "missing.txt")]
    public void Bad_command_line_input_gets_one_line_and_a_non_zero_exit_code(int exitCode, string expected, params string[] arguments)
        => SampleRunner.AssertOneLineError(SampleRunner.Run("TopicModeling", _directory, arguments), "TopicModeling", exitCode, expected);

    [Fact]
    public void More_topics_than_documents_gets_one_line_and_a_non_zero_exit_code()
    {
        string corpus = Path.Combine(_directory, "three.txt");
        File.WriteAllLines(corpus, ["the first document", "a second one", "and a third"]);
        SampleRunner.AssertOneLineError(SampleRunner.Run("TopicModeling", _directory, "--file", corpus, "--topics", "5"), "TopicModeling", 2, "option '--topics' asks for 5 topics but");
    }

    [Fact]
    public void A_file_that_is_not_gzip_gets_one_line_and_a_non_zero_exit_code()
    {
        string corpus = Path.Combine(_directory, "corpus.txt.gz");
        File.WriteAllText(corpus, "plain text, not gzip");
        SampleRunner.AssertOneLineError(SampleRunner.Run("TopicModeling", _directory, "--file", corpus), "TopicModeling", 1, corpus + ": ");
    }

    [Fact]
    public void Help_explains_the_options()
    {
        SampleRunner.Result result = SampleRunner.Run("TopicModeling", _directory, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "--file FILE", "--topics K", "--words N", "FeaturizeText", "NonNegativeMatrixFactorization" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The top words of each "topic  N (...): word word ..." line, in output order.
    private static List<string[]> Topics(string output)
        => output.ReplaceLineEndings("\n").Split('\n')
            .Select(line => TopicLine().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    [GeneratedRegex(@"^topic +\d+ \(.*\): (?<words>.+)$")]
    private static partial Regex TopicLine();
}
