using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLEmbeddings.Evaluation;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Leave-one-out retrieval metrics (<c>mlContext.Embeddings().EvaluateRetrieval</c>) on 8,000 x 128 uniform random rows
/// with 10 classes, so MAP@R needs k = 800 neighbours per query (the large-k candidate buffers), next to the exact
/// search alone with the same k (ids only). Times are per query.
/// Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *RetrievalMetricsBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RetrievalMetricsBenchmarks
{
    private const int Rows = 8_000;
    private const int Dimension = 128;
    private const int Classes = 10;
    private readonly MLContext _mlContext = new(1);
    private readonly int[] _ids = new int[Rows * (Rows / Classes)];
    private IDataView? _data;
    private ExactNearestNeighbors? _index;
    private ReadOnlyMatrixView _rows;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] values = Enumerable.Range(0, Rows * Dimension).Select(_ => random.NextSingle()).ToArray();
        _rows = new ReadOnlyMatrixView(values, Rows, Dimension);
        _index = new ExactNearestNeighbors(_rows, DistanceMetric.SquaredEuclidean);
        var items = Enumerable.Range(0, Rows).Select(i => new Row { Features = values.AsSpan(i * Dimension, Dimension).ToArray(), Label = (uint)(i % Classes) }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        definition[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), Classes);
        _data = _mlContext.Data.LoadFromEnumerable(items, definition);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double EvaluateRetrieval()
        => _mlContext.Embeddings().EvaluateRetrieval(_data!, new RetrievalEvaluationOptions { MaxDegreeOfParallelism = Threads }).MeanAveragePrecisionAtR;

    [Benchmark(OperationsPerInvoke = Rows)]
    public void SearchIdsOnly()
        => _index!.Search(_rows, Rows / Classes, _ids, default, Enumerable.Range(0, Rows).ToArray(), Threads);

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
