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
/// <c>compare sentence-embedding</c>: sentences per second of <c>ApplySentenceEmbedding</c> against ML.NET's
/// <c>ApplyOnnxModel</c> (one row per <c>Run</c>, tokenised by a <c>CustomMapping</c> step; ML.NET reads such a chain
/// with parallel cursors, max(2, cores - 1) rows at once) and against a bare <see cref="InferenceSession"/> loop written
/// here (BertTokenizer, batches of 32 in input order padded to their longest sentence, one <c>Run</c> at a time,
/// normalisation; no ML.NET). Two models: the committed test model (2 layers, hidden 32) and a MiniLM-shaped one
/// (6 layers, hidden 384, random weights) generated into a temporary folder by
/// tests/fixtures/scripts/make_onnx_test_model.py (needs Debian's python3-torch and python3-onnx, installed here when
/// missing). Every configuration reads the pooled <c>sentence_embedding</c> output, so all do the same model work.
/// Interleaved repetitions, medians. Per configuration: sentences/s, cores busy (process CPU seconds per wall second)
/// and GFLOP/s: the encoder's useful floating-point work, per layer and sentence of <c>L</c> tokens
/// <c>2 L (4 h^2 + 2 h f) + 4 L^2 h</c> (the dense products and the two attention products, hidden size h,
/// feed-forward size f, padding not counted), summed over the benchmark's token counts and divided by the time.
/// Options: <c>--sentences N --batch N --repetitions N --seed N --threads N --skip-minilm 1</c>; <c>--threads</c> is
/// ONNX Runtime's intra-op thread count of every configuration but the first, which is the transform's defaults
/// (0, the default, lets ONNX Runtime choose).
/// </summary>
public sealed class SentenceEmbeddingComparison : IPeerComparison
{
    private const string PooledOutput = "sentence_embedding";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    public string Name => "sentence-embedding";

    public string Description => "ApplySentenceEmbedding vs ApplyOnnxModel row by row and a bare InferenceSession loop (test and MiniLM-shaped models), with GFLOP/s";

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
        var models = new List<EncoderShape> { new("test model (2 layers, hidden 32)", Path.Combine(fixtures, "onnx", "sentence_encoder_pooled.onnx"), 2, 32, 64) };
        string directory = Directory.CreateTempSubdirectory("sentence-embedding-").FullName;
        try
        {
            if (!skipMiniLm)
            {
                PeerProcess.EnsurePeers("python3-torch", "python3-onnx");
                PeerProcess.RunPython(Path.Combine("..", "..", "fixtures", "scripts", "make_onnx_test_model.py"), "--benchmark", directory);
                models.Add(new("MiniLM-shaped (6 layers, hidden 384)", Path.Combine(directory, "model.onnx"), 6, 384, 1536));
            }

            string[] texts = Sentences(vocabulary, sentences, seed);
            int[] tokenCounts = TokenCounts(vocabulary, texts);
            Console.WriteLine($"sentence-embedding: {sentences} sentences of 4-40 words (seeded {seed}; {tokenCounts.Sum():N0} tokens, mean {tokenCounts.Average():F2}), batch {batchSize}, intra-op threads {threads} (0 = ONNX Runtime's choice) but for the defaults row, {repetitions} interleaved repetitions (medians), {Environment.ProcessorCount} cores; load before: {LoadAverage()}");
            foreach (EncoderShape model in models)
            {
                MeasureModel(model, vocabulary, texts, tokenCounts, batchSize, threads, repetitions);
            }

            Console.WriteLine($"load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void MeasureModel(EncoderShape model, string vocabularyPath, string[] texts, int[] tokenCounts, int batchSize, int threads, int repetitions)
    {
        var mlContext = new MLContext(1);
        IDataView data = mlContext.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }).ToList());
        SentenceEmbeddingTransformer Ours(int window, int? tokens, int intraOpThreads, int parallelism) => mlContext.Transforms.Text.ApplySentenceEmbedding(new SentenceEmbeddingOptions
        {
            OutputColumnName = "Embedding",
            InputColumnName = "Text",
            ModelPath = model.Path,
            VocabularyPath = vocabularyPath,
            BatchSize = batchSize,
            SortingWindowSize = window,
            MaximumBatchTokens = tokens,
            IntraOpThreadCount = intraOpThreads,
            MaxDegreeOfParallelism = parallelism,
        }).Fit(data);

        int window = Math.Max(Defaults.SentenceEmbeddingSortingWindowSize, batchSize);
        var ours = new List<(string Name, SentenceEmbeddingTransformer Transformer)>
        {
            ("ours, defaults (sorted, automatic token limit, 1 intra-op thread per call, all cores)", Ours(window, null, Defaults.IntraOpThreadCount, Defaults.MaxDegreeOfParallelism)),
            ("ours, defaults but full batches (no token limit)", Ours(window, int.MaxValue, Defaults.IntraOpThreadCount, Defaults.MaxDegreeOfParallelism)),
        };
        if (threads != Defaults.IntraOpThreadCount)
        {
            ours.Add(($"ours, sorted, automatic token limit, {threads} intra-op threads, all cores", Ours(window, null, threads, -1)));
        }

        if (threads != 0)
        {
            ours.Add(($"ours, sorted, automatic token limit, {threads} intra-op threads, one batch at a time", Ours(window, null, threads, 1)));
        }

        string unsortedName = $"ours, no sorting, full batches, {threads} intra-op threads, one batch at a time";
        ours.Add((unsortedName, Ours(0, int.MaxValue, threads, 1)));
        using var bare = new BareLoop(model.Path, vocabularyPath, batchSize, threads);
        ITransformer rowByRow = RowByRowPipeline(mlContext, model.Path, vocabularyPath, threads).Fit(data);

        const string BareName = "bare InferenceSession loop, one batch at a time";
        const string RowName = "ApplyOnnxModel row by row (ML.NET parallel cursors)";
        var runs = new List<(string Name, Action Run)> { (RowName, () => Consume(rowByRow.Transform(data), PooledOutput)) };
        runs.AddRange(ours.Select(o => (o.Name, (Action)(() => Consume(o.Transformer.Transform(data), "Embedding")))));
        runs.Add((BareName, () => bare.Embed(texts)));
        try
        {
            foreach ((_, Action run) in runs)
            {
                run();
            }

            var seconds = runs.ToDictionary(r => r.Name, _ => new List<double>());
            var cores = runs.ToDictionary(r => r.Name, _ => new List<double>());
            for (int repetition = 0; repetition < repetitions; repetition++)
            {
                foreach ((string name, Action run) in runs)
                {
                    (double wall, double busy) = Time(run);
                    seconds[name].Add(wall);
                    cores[name].Add(busy);
                }
            }

            double flops = tokenCounts.Sum(model.FloatingPointOperations);
            double Rate(string name) => texts.Length / Median(seconds[name]);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name}: {flops / texts.Length / 1e6:F2} MFLOP per sentence"));
            Console.WriteLine("| configuration | sentences/s | cores busy | GFLOP/s | x ApplyOnnxModel |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach ((string name, _) in runs.Skip(1).Append(runs[0]))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {Rate(name):N0} | {Median(cores[name]):F2} | {flops / Median(seconds[name]) / 1e9:F1} | {Rate(name) / Rate(RowName):F2} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare loop / ours (no sorting, one batch at a time): {Rate(BareName) / Rate(unsortedName):F3}"));
        }
        finally
        {
            foreach ((_, SentenceEmbeddingTransformer transformer) in ours)
            {
                transformer.Dispose();
            }
        }
    }

    /// <summary>Tokens per sentence, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    private static int[] TokenCounts(string vocabularyPath, string[] texts)
    {
        BertTokenizer tokenizer = BertTokenizer.Create(vocabularyPath);
        return texts.Select(t => tokenizer.EncodeToIds(t).Count).ToArray();
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

    /// <summary>Wall seconds of <paramref name="action"/> after a full collection, and the cores it kept busy (process CPU seconds per wall second).</summary>
    private static (double Seconds, double CoresBusy) Time(Action action)
    {
        // The previous configuration's garbage (ML.NET's row-by-row path allocates per row) is collected here, not in this one's time.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        Stopwatch watch = Stopwatch.StartNew();
        action();
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds / wall);
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

    /// <summary>A model of the comparison and the shape its FLOP count is computed from.</summary>
    private sealed record EncoderShape(string Name, string Path, int Layers, int Hidden, int FeedForward)
    {
        /// <summary>Useful floating-point operations of one sentence of <paramref name="tokens"/> tokens.</summary>
        public double FloatingPointOperations(int tokens)
            => Layers * ((2.0 * tokens * ((4.0 * Hidden * Hidden) + (2.0 * Hidden * FeedForward))) + (4.0 * tokens * tokens * Hidden));
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
