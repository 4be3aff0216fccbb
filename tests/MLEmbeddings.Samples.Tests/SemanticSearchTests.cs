using System.Globalization;

namespace MLEmbeddings.Samples.Tests;

/// <summary>
/// The semantic search sample on its default, the repository's random-weight test model: the mechanics (k matches per
/// query from the corpus, best first, an exact duplicate found first with cosine 1), not the meaning of the matches.
/// </summary>
public sealed class SemanticSearchTests : IDisposable
{
    private static readonly string CorpusPath = Path.Combine(SampleRunner.RepositoryRoot, "samples", "data", "sentences.tsv");

    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-semanticsearch-").FullName;

    [Fact]
    public void Runs_the_example_queries_from_any_folder_and_prints_k_corpus_sentences_per_query_best_first()
    {
        // Outside the repository: the defaults (corpus, test model, vocabulary) are found from the program's folder.
        SampleRunner.Result result = SampleRunner.Run("SemanticSearch", _directory, "--top", "4");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        string[] sentences = CorpusSentences();
        Assert.Contains($"Semantic search over {sentences.Length} sentences", result.Output, StringComparison.Ordinal);
        Dictionary<string, List<(double Score, string Sentence)>> matches = Matches(result.Output);
        Assert.Equal(5, matches.Count);
        foreach ((string query, List<(double Score, string Sentence)> found) in matches)
        {
            Assert.Equal(4, found.Count);
            Assert.All(found, match => Assert.Contains(match.Sentence, sentences));
            Assert.Equal(4, found.Select(m => m.Sentence).Distinct(StringComparer.Ordinal).Count());
            Assert.All(found, match => Assert.InRange(match.Score, -1.0001, 1.0001));
            Assert.True(found.Zip(found.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), $"scores of '{query}' are not best first");
        }
    }

    [Fact]
    public void A_query_equal_to_a_corpus_sentence_finds_that_sentence_first_with_cosine_one()
    {
        string[] sentences = CorpusSentences();
        string[] queries = [sentences[0], sentences[17], sentences[^1]];

        // From the repository root, as the README runs it.
        SampleRunner.Result result = SampleRunner.Run(
            "SemanticSearch", SampleRunner.RepositoryRoot, "--query", queries[0], "--query", queries[1], "--query", queries[2], "--top", "3");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        Dictionary<string, List<(double Score, string Sentence)>> matches = Matches(result.Output);
        Assert.Equal(queries, matches.Keys);
        foreach (string query in queries)
        {
            Assert.Equal(3, matches[query].Count);
            Assert.Equal(query, matches[query][0].Sentence);
            Assert.InRange(matches[query][0].Score, 0.9999, 1.0001);
            Assert.True(matches[query][1].Score < 0.99, $"the second match of '{query}' scores {matches[query][1].Score}: the corpus sentences should be distinct");
        }
    }

    [Theory]
    [InlineData(2, "unknown option '--colour'", "--colour", "red")]
    [InlineData(2, "option '--top' expects a whole number from 1 to 100; got 'three'", "--top", "three")]
    [InlineData(2, "option '--query' needs a value", "--query")]
    [InlineData(2, "option '--model' needs '--vocab' too", "--model", "model.onnx")]
    [InlineData(2, "option '--top' asks for 100 matches but the corpus has 48 sentences", "--top", "100")]
    [InlineData(1, "--model: file not found: missing.onnx", "--model", "missing.onnx", "--vocab", "vocab.txt")]
    [InlineData(1, "--corpus: file not found: missing.txt", "--corpus", "missing.txt")]
    public void Bad_command_line_input_gets_one_line_and_a_non_zero_exit_code(int exitCode, string expected, params string[] arguments)
        => SampleRunner.AssertOneLineError(SampleRunner.Run("SemanticSearch", _directory, arguments), "SemanticSearch", exitCode, expected);

    [Fact]
    public void A_file_that_is_not_an_onnx_model_gets_one_line_and_a_non_zero_exit_code()
    {
        string vocabulary = Path.Combine(SampleRunner.RepositoryRoot, "tests", "fixtures", "onnx", "vocab.txt");
        SampleRunner.Result result = SampleRunner.Run("SemanticSearch", _directory, "--model", vocabulary, "--vocab", vocabulary);
        SampleRunner.AssertOneLineError(result, "SemanticSearch", 1, "ModelPath:");
        Assert.Contains("is not an ONNX model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_options_and_where_to_get_the_real_model()
    {
        SampleRunner.Result result = SampleRunner.Run("SemanticSearch", _directory, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "--corpus FILE", "--query TEXT", "--top K", "--model FILE", "--vocab FILE" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("all-MiniLM-L6-v2", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The sentences of the shipped corpus, "topic<TAB>sentence" per line.
    private static string[] CorpusSentences()
        => File.ReadLines(CorpusPath).Where(l => l.Length > 0).Select(l => l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..]).ToArray();

    // "query: TEXT" followed by "  RANK  SCORE  [topic] SENTENCE" lines, in output order.
    private static Dictionary<string, List<(double Score, string Sentence)>> Matches(string output)
    {
        var matches = new Dictionary<string, List<(double, string)>>(StringComparer.Ordinal);
        List<(double, string)>? current = null;
        foreach (string line in output.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("query: ", StringComparison.Ordinal))
            {
                current = [];
                matches.Add(line["query: ".Length..], current);
            }
            else if (current is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                string[] fields = line.Trim().Split("  ", 3, StringSplitOptions.TrimEntries);
                Assert.Equal(current.Count + 1, int.Parse(fields[0], CultureInfo.InvariantCulture));
                string sentence = fields[2].StartsWith('[') ? fields[2][(fields[2].IndexOf("] ", StringComparison.Ordinal) + 2)..] : fields[2];
                current.Add((double.Parse(fields[1], CultureInfo.InvariantCulture), sentence));
            }
        }

        return matches;
    }
}
