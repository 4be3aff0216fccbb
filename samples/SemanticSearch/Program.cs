// Semantic search with a local ONNX sentence model:
//   corpus sentences -> ApplySentenceEmbedding -> SearchNearestNeighbors (cosine) -> each query's closest sentences.
// Runs with the repository's tiny test model by default; pass --model/--vocab for a real all-MiniLM-L6-v2 download.
// usage: dotnet run -c Release --project samples/SemanticSearch -- [--query TEXT]... [--top K] [--model FILE --vocab FILE] [--corpus FILE]
using System.Globalization;
using Microsoft.ML;
using MLEmbeddings.Neighbors;
using MLEmbeddings.Onnx;
using SampleSupport;
using SemanticSearch;

SemanticSearchOptions options;
try
{
    options = SemanticSearchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"SemanticSearch: {error.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(SemanticSearchOptions.Usage);
    return 0;
}

foreach ((string option, string path) in new[] { ("--corpus", options.CorpusPath), ("--model", options.ModelPath), ("--vocab", options.VocabularyPath) })
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"SemanticSearch: {option}: file not found: {path}");
        return 1;
    }
}

try
{
    List<LabeledText> corpus = LabeledText.ReadAll(options.CorpusPath);
    if (corpus.Count == 0)
    {
        Console.Error.WriteLine($"SemanticSearch: --corpus: the file has no sentences: {options.CorpusPath}");
        return 1;
    }

    if (options.NumberOfMatches > corpus.Count)
    {
        Console.Error.WriteLine($"SemanticSearch: option '--top' asks for {options.NumberOfMatches} matches but the corpus has {corpus.Count} sentences.");
        return 2;
    }

    Search(options, corpus);
    return 0;
}
catch (Exception error) when (error is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
{
    // Bad model or vocabulary files are reported by the library as ArgumentException naming the file and the problem.
    Console.Error.WriteLine($"SemanticSearch: {error.Message.ReplaceLineEndings(" ")}");
    return 1;
}

static void Search(SemanticSearchOptions options, List<LabeledText> corpus)
{
    var mlContext = new MLContext(seed: 1);
    IDataView corpusData = mlContext.Data.LoadFromEnumerable(corpus);

    // Text -> Embedding: WordPiece tokens -> ONNX model -> mean pooling -> unit length (sentence-transformers' defaults).
    using SentenceEmbeddingTransformer embedder = mlContext.Transforms.Text
        .ApplySentenceEmbedding(outputColumnName: "Embedding", inputColumnName: "Text", options.ModelPath, options.VocabularyPath)
        .Fit(corpusData);

    // Fit indexes the corpus embeddings; Transform adds each row's nearest corpus rows (NeighborIds, 0-based row
    // numbers) and their cosine similarities (NeighborScores, largest first).
    NearestNeighborSearchTransformer index = mlContext.Transforms
        .SearchNearestNeighbors("NeighborIds", "NeighborScores", inputColumnName: "Embedding", options.NumberOfMatches, NeighborMetric.Cosine)
        .Fit(embedder.Transform(corpusData));

    IDataView queries = mlContext.Data.LoadFromEnumerable(options.Queries.Select(text => new Query { Text = text }));
    IEnumerable<QueryMatches> results = mlContext.Data.CreateEnumerable<QueryMatches>(index.Transform(embedder.Transform(queries)), reuseRowObject: false);

    Console.WriteLine($"Semantic search over {corpus.Count} sentences from {options.CorpusPath}");
    Console.WriteLine($"model: {options.ModelPath} ({embedder.Dimension}-dimensional embeddings, {embedder.Pooling} pooling)");
    if (options.UsesTestModel)
    {
        Console.WriteLine("note: this is the repository's tiny test model with random weights: the matches show how the pipeline works,");
        Console.WriteLine("      not what the sentences mean. For real results pass --model and --vocab of all-MiniLM-L6-v2 (see --help).");
    }

    foreach (QueryMatches result in results)
    {
        Console.WriteLine();
        Console.WriteLine($"query: {result.Text}");
        for (int rank = 0; rank < result.NeighborIds.Length; rank++)
        {
            LabeledText match = corpus[(int)result.NeighborIds[rank]];
            string topic = match.Label.Length > 0 ? $"[{match.Label}] " : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rank + 1,2}  {result.NeighborScores[rank]:F4}  {topic}{match.Text}"));
        }
    }
}
