using System.Diagnostics;
using System.Globalization;
using MLEmbeddings.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using static MLEmbeddings.Benchmarks.ComparisonSupport;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare sentence-embedding</c>: sentences per second of <c>ApplySentenceEmbedding</c> (micro-batches of 32 on
/// one ONNX Runtime session) against ML.NET's <c>ApplyOnnxModel</c> (one row per <c>Run</c>, tokenised by a
/// <c>CustomMapping</c> step) and against a bare <see cref="InferenceSession"/> loop written here (BertTokenizer,
/// batches of 32 padded to their longest sentence, normalisation; no ML.NET). Two models: the committed test model
/// (2 layers, hidden 32) and a MiniLM-shaped one (6 layers, hidden 384, random weights) generated into a temporary
/// folder by tests/fixtures/scripts/make_onnx_test_model.py (needs Debian's python3-torch and python3-onnx, installed
/// here when missing). Every configuration reads the pooled <c>sentence_embedding</c> output, so all do the same
/// model work. Interleaved repetitions, medians.
/// Options: <c>--sentences N --batch N --repetitions N --seed N --threads N --skip-minilm 1</c>; <c>--threads</c> is
/// ONNX Runtime's intra-op thread count for every configuration (0, the default, lets ONNX Runtime choose).
/// </summary>
public sealed class SentenceEmbeddingComparison : IPeerComparison
{
    private const string PooledOutput = "sentence_embedding";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    public string Name => "sentence-embedding";

    public string Description => "ApplySentenceEmbedding vs ApplyOnnxModel row by row and a bare InferenceSession loop (test and MiniLM-shaped models)";

    public int Run(string[] args)
    {
        int sentences = Option(args, "--sentences", 1024);
        int batchSize = Option(args, "--batch", 32);
        int repetitions = Option(args, "--repetitions", 5);
        int seed = Option(args, "--seed", 7);
        int threads = Option(args, "--threads", 0);
        bool skipMiniLm = Option(args, "--skip-minilm", 0) == 1;

        string fixtures = Path.GetFullPath(Path.Combine(PeerProcess.PeersDirectory, "..", "..", "fixtures"));
        string vocabulary = Path.Combine(fixtures, "onnx", "vocab.txt");
        var models = new List<(string Name, string Path)> { ("test model (2 layers, hidden 32)", Path.Combine(fixtures, "onnx", "sentence_encoder_pooled.onnx")) };
        string directory = Directory.CreateTempSubdirectory("sentence-embedding-").FullName;
        try
        {
            if (!skipMiniLm)
            {
                PeerProcess.EnsurePeers("python3-torch", "python3-onnx");
                PeerProcess.RunPython(Path.Combine("..", "..", "fixtures", "scripts", "make_onnx_test_model.py"), "--benchmark", directory);
                models.Add(("MiniLM-shaped (6 layers, hidden 384)", Path.Combine(directory, "model.onnx")));
            }

            string[] texts = Sentences(vocabulary, sentences, seed);
            Console.WriteLine($"sentence-embedding: {sentences} sentences of 4-40 words (seeded {seed}), batch {batchSize}, intra-op threads {threads} (0 = ONNX Runtime's choice), {repetitions} interleaved repetitions (medians), {Environment.ProcessorCount} cores; load before: {LoadAverage()}");
            Console.WriteLine("| model | ours, sorted windows (s/s) | ours, no sorting (s/s) | bare InferenceSession loop (s/s) | ApplyOnnxModel row by row (s/s) | ours / ApplyOnnxModel | bare / ours (no sorting) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach ((string name, string path) in models)
            {
                MeasureModel(name, path, vocabulary, texts, batchSize, threads, repetitions);
            }

            Console.WriteLine($"load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void MeasureModel(string name, string modelPath, string vocabularyPath, string[] texts, int batchSize, int threads, int repetitions)
    {
        var mlContext = new MLContext(1);
        IDataView data = mlContext.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }).ToList());
        SentenceEmbeddingTransformer Ours(int window) => mlContext.Transforms.Text.ApplySentenceEmbedding(new SentenceEmbeddingOptions
        {
            OutputColumnName = "Embedding",
            InputColumnName = "Text",
            ModelPath = modelPath,
            VocabularyPath = vocabularyPath,
            BatchSize = batchSize,
            SortingWindowSize = window,
            IntraOpThreadCount = threads,
        }).Fit(data);
        using SentenceEmbeddingTransformer sorted = Ours(Math.Max(256, batchSize));
        using SentenceEmbeddingTransformer unsorted = Ours(0);
        using var bare = new BareLoop(modelPath, vocabularyPath, batchSize, threads);
        ITransformer rowByRow = RowByRowPipeline(mlContext, modelPath, vocabularyPath, threads).Fit(data);

        var timings = new Dictionary<string, List<double>> { ["sorted"] = [], ["unsorted"] = [], ["bare"] = [], ["row"] = [] };
        int warmup = Math.Min(texts.Length, 64);
        Consume(sorted.Transform(data), "Embedding");
        Consume(unsorted.Transform(data), "Embedding");
        bare.Embed(texts[..warmup]);
        Consume(rowByRow.Transform(mlContext.Data.TakeRows(data, warmup)), PooledOutput);
        for (int repetition = 0; repetition < repetitions; repetition++)
        {
            timings["row"].Add(Time(() => Consume(rowByRow.Transform(data), PooledOutput)));
            timings["sorted"].Add(Time(() => Consume(sorted.Transform(data), "Embedding")));
            timings["bare"].Add(Time(() => bare.Embed(texts)));
            timings["unsorted"].Add(Time(() => Consume(unsorted.Transform(data), "Embedding")));
        }

        double Rate(string key) => texts.Length / Median(timings[key]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {Rate("sorted"):F0} | {Rate("unsorted"):F0} | {Rate("bare"):F0} | {Rate("row"):F0} | {Rate("sorted") / Rate("row"):F2} | {Rate("bare") / Rate("unsorted"):F3} |"));
    }

    /// <summary>ML.NET's own route: tokenise in a CustomMapping step, then ApplyOnnxModel, which calls Run once per row.</summary>
    private static IEstimator<ITransformer> RowByRowPipeline(MLContext mlContext, string modelPath, string vocabularyPath, int threads)
    {
        BertTokenizer tokenizer = BertTokenizer.Create(vocabularyPath);
        void Tokenize(TextRow input, TokenRow output)
        {
            long[] ids = tokenizer.EncodeToIds(input.Text).Select(id => (long)id).ToArray();
            output.InputIds = ids;
            output.AttentionMask = Enumerable.Repeat(1L, ids.Length).ToArray();
            output.TokenTypeIds = new long[ids.Length];
        }

        var onnx = new Microsoft.ML.Transforms.Onnx.OnnxOptions
        {
            ModelFile = modelPath,
            InputColumns = InputNames,
            OutputColumns = [PooledOutput],
            ShapeDictionary = InputNames.ToDictionary(n => n, _ => new[] { 1, -1 }),
            IntraOpNumThreads = threads == 0 ? null : threads,
        };
        return mlContext.Transforms.CustomMapping<TextRow, TokenRow>(Tokenize, contractName: null)
            .Append(mlContext.Transforms.ApplyOnnxModel(onnx));
    }

    private static void Consume(IDataView data, string column)
    {
        DataViewSchema.Column output = data.Schema[column];
        using DataViewRowCursor cursor = data.GetRowCursor([output]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(output);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
        }
    }

    /// <summary>Seeded sentences of 4 to 40 words drawn from the test vocabulary's whole words.</summary>
    private static string[] Sentences(string vocabularyPath, int count, int seed)
    {
        string[] words = File.ReadAllLines(vocabularyPath).Where(w => w.Length > 1 && char.IsLetter(w[0])).ToArray();
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(4, 41)).Select(_ => words[random.Next(words.Length)])) + ".")
            .ToArray();
    }

    private static double Time(Action action)
    {
        Stopwatch watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The hand-written loop a user would write without ML.NET: BertTokenizer, batches in input order padded to their
    /// longest sentence, one Run per batch, L2 normalisation of the pooled output.
    /// </summary>
    private sealed class BareLoop : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly BertTokenizer _tokenizer;
        private readonly int _batchSize;
        private readonly int _hidden;

        public BareLoop(string modelPath, string vocabularyPath, int batchSize, int threads)
        {
            using var options = new SessionOptions { IntraOpNumThreads = threads };
            _session = new InferenceSession(modelPath, options);
            _tokenizer = BertTokenizer.Create(vocabularyPath);
            _batchSize = batchSize;
            _hidden = _session.OutputMetadata[PooledOutput].Dimensions[^1];
        }

        public float[] Embed(string[] texts)
        {
            var result = new float[texts.Length * _hidden];
            for (int start = 0; start < texts.Length; start += _batchSize)
            {
                int count = Math.Min(_batchSize, texts.Length - start);
                IReadOnlyList<int>[] ids = Enumerable.Range(start, count).Select(i => _tokenizer.EncodeToIds(texts[i])).ToArray();
                int length = ids.Max(s => s.Count);
                var inputIds = new long[count * length];
                var mask = new long[count * length];
                for (int r = 0; r < count; r++)
                {
                    for (int t = 0; t < ids[r].Count; t++)
                    {
                        inputIds[(r * length) + t] = ids[r][t];
                        mask[(r * length) + t] = 1;
                    }
                }

                long[] shape = [count, length];
                using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
                using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
                using OrtValue typesValue = OrtValue.CreateTensorValueFromMemory(new long[count * length], shape);
                using var runOptions = new RunOptions();
                using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], [PooledOutput]);
                ReadOnlySpan<float> pooled = outputs[0].GetTensorDataAsSpan<float>();
                for (int r = 0; r < count; r++)
                {
                    Span<float> row = result.AsSpan((start + r) * _hidden, _hidden);
                    pooled.Slice(r * _hidden, _hidden).CopyTo(row);
                    System.Numerics.Tensors.TensorPrimitives.Divide(row, System.Numerics.Tensors.TensorPrimitives.Norm(row), row);
                }
            }

            return result;
        }

        public void Dispose() => _session.Dispose();
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }

    private sealed class TokenRow
    {
        [ColumnName("input_ids")]
        public long[] InputIds { get; set; } = [];

        [ColumnName("attention_mask")]
        public long[] AttentionMask { get; set; } = [];

        [ColumnName("token_type_ids")]
        public long[] TokenTypeIds { get; set; } = [];
    }
}
