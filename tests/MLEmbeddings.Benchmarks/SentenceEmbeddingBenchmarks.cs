using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLEmbeddings.Onnx;
using Microsoft.Extensions.AI;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Sentence embeddings of 256 seeded sentences (4-40 words) with the committed test model (2 layers, hidden 32)
/// through <see cref="SentenceEmbeddingGenerator"/>, for micro-batch sizes 1 and 32, with and without length sorting.
/// Times and allocations are per sentence (<c>OperationsPerInvoke</c> = 256).
/// Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *SentenceEmbeddingBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SentenceEmbeddingBenchmarks : IDisposable
{
    private const int Sentences = 256;
    private SentenceEmbeddingGenerator? _generator;
    private string[] _texts = [];

    [Params(1, 32)]
    public int BatchSize { get; set; }

    [Params(0, 256)]
    public int SortingWindowSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string fixtures = Path.GetFullPath(Path.Combine(PeerProcess.PeersDirectory, "..", "..", "fixtures", "onnx"));
        _generator = new SentenceEmbeddingGenerator(new SentenceEncoderOptions
        {
            ModelPath = Path.Combine(fixtures, "sentence_encoder.onnx"),
            VocabularyPath = Path.Combine(fixtures, "vocab.txt"),
            BatchSize = BatchSize,
            SortingWindowSize = SortingWindowSize == 0 ? 0 : Math.Max(SortingWindowSize, BatchSize),
        });
        string[] words = File.ReadAllLines(Path.Combine(fixtures, "vocab.txt")).Where(w => w.Length > 1 && char.IsLetter(w[0])).ToArray();
        var random = new Random(7);
        _texts = Enumerable.Range(0, Sentences)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(4, 41)).Select(_ => words[random.Next(words.Length)])) + ".")
            .ToArray();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _generator?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Sentences)]
    public GeneratedEmbeddings<Embedding<float>> Embed() => _generator!.GenerateAsync(_texts).GetAwaiter().GetResult();
}
