using System.Runtime.ExceptionServices;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Onnx;

/// <summary>
/// The machinery shared by the sentence-embedding transformer, the embedding generator and zero-shot classification:
/// tokenises texts, sorts them by token count inside windows, cuts them into micro-batches (at most
/// <see cref="BatchSize"/> texts and <see cref="BatchTokenLimit"/> tokens each), runs up to
/// <see cref="ConcurrentBatchCount"/> of them at once through one <see cref="SentenceEncoder"/>, pools, truncates
/// (Matryoshka) and normalises, and writes the embeddings in the texts' order. Thread-safe; owns the ONNX Runtime session.
/// </summary>
internal sealed class SentenceEmbedder : IDisposable
{
    private SentenceEmbedder(
        SentenceTokenizer tokenizer, SentenceEncoder encoder, string modelPath, string vocabularyPath, byte[]? modelBytes, byte[] vocabularyBytes, SentenceEncoderOptions options)
    {
        Tokenizer = tokenizer;
        Encoder = encoder;
        ModelPath = modelPath;
        VocabularyPath = vocabularyPath;
        ModelBytes = modelBytes;
        VocabularyBytes = vocabularyBytes;
        Pooling = options.Pooling;
        Normalize = options.Normalize;
        BatchSize = options.BatchSize;
        SortingWindowSize = options.SortingWindowSize;
        MaximumBatchTokens = options.MaximumBatchTokens;
        BatchTokenLimit = options.MaximumBatchTokens ?? Math.Max(1, Defaults.SentenceEmbeddingBatchActivations / encoder.HiddenSize);
        IntraOpThreadCount = options.IntraOpThreadCount;
        MaxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        ConcurrentBatchCount = MaxDegreeOfParallelism != -1
            ? MaxDegreeOfParallelism
            : IntraOpThreadCount == 0 ? 1 : Math.Max(1, Environment.ProcessorCount / IntraOpThreadCount);
        Dimension = options.Dimension ?? encoder.HiddenSize;
        if (Dimension > encoder.HiddenSize)
        {
            throw OptionChecks.OutOfRange(
                nameof(SentenceEncoderOptions.Dimension),
                Dimension,
                $"Dimension is {Dimension} but the model's embeddings ('{encoder.OutputName}') have {encoder.HiddenSize} values. Choose a Dimension in [1, {encoder.HiddenSize}] or null.");
        }
    }

    /// <summary>The tokenizer.</summary>
    public SentenceTokenizer Tokenizer { get; }

    /// <summary>The ONNX Runtime session wrapper.</summary>
    public SentenceEncoder Encoder { get; }

    /// <summary>The model file the embedder was created from (full path).</summary>
    public string ModelPath { get; }

    /// <summary>The vocabulary file the embedder was created from (full path).</summary>
    public string VocabularyPath { get; }

    /// <summary>The model's bytes when they are kept for saving inside a model zip, else null.</summary>
    public byte[]? ModelBytes { get; }

    /// <summary>The vocabulary's bytes.</summary>
    public byte[] VocabularyBytes { get; }

    /// <summary>How token vectors are pooled.</summary>
    public SentencePooling Pooling { get; }

    /// <summary>Whether embeddings are scaled to unit L2 norm.</summary>
    public bool Normalize { get; }

    /// <summary>Values per embedding (the model's size, or the Matryoshka truncation).</summary>
    public int Dimension { get; }

    /// <summary>Texts per ONNX Runtime call.</summary>
    public int BatchSize { get; }

    /// <summary>Texts sorted by length together (0 = no sorting).</summary>
    public int SortingWindowSize { get; }

    /// <summary>Most tokens (rows x padded length) per ONNX Runtime call as set (null = automatic).</summary>
    public int? MaximumBatchTokens { get; }

    /// <summary>Most tokens (rows x padded length) per ONNX Runtime call: <see cref="MaximumBatchTokens"/> resolved against the model's hidden size.</summary>
    public int BatchTokenLimit { get; }

    /// <summary>ONNX Runtime intra-op threads (0 = its default).</summary>
    public int IntraOpThreadCount { get; }

    /// <summary>Most micro-batches run at once as set (-1 = all cores).</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Micro-batches run at once: <see cref="MaxDegreeOfParallelism"/> resolved against the cores and <see cref="IntraOpThreadCount"/>.</summary>
    public int ConcurrentBatchCount { get; }

    /// <summary>Texts a transformer reads per batch: a sorting window, and at least one micro-batch per concurrent thread.</summary>
    public int WindowSize => Math.Max(SortingWindowSize, BatchSize * ConcurrentBatchCount);

    /// <summary>Opens the model and the vocabulary named by <paramref name="options"/> (already validated).</summary>
    /// <param name="options">The encoder options.</param>
    /// <param name="keepModelBytes">Keep the model's bytes (to store them in a model zip).</param>
    /// <exception cref="ArgumentException">A file is missing, is not an ONNX model / vocabulary, or the model is not a sentence encoder.</exception>
    public static SentenceEmbedder Create(SentenceEncoderOptions options, bool keepModelBytes)
    {
        string modelPath = RequireFile(options.ModelPath, nameof(options.ModelPath), "the ONNX model (for example onnx/model.onnx of a Hugging Face export)");
        string vocabularyPath = RequireFile(options.VocabularyPath, nameof(options.VocabularyPath), "the WordPiece vocabulary (vocab.txt)");
        TokenizerSettings settings = TokenizerConfiguration.Resolve(options);
        byte[] vocabularyBytes = File.ReadAllBytes(vocabularyPath);
        SentenceTokenizer tokenizer = SentenceTokenizer.Create(new MemoryStream(vocabularyBytes, writable: false), settings, $"'{vocabularyPath}'");
        byte[]? modelBytes = keepModelBytes ? File.ReadAllBytes(modelPath) : null;
        SentenceEncoder encoder = SentenceEncoder.Create(modelBytes, modelPath, options.ModelOutputName, options.IntraOpThreadCount);
        try
        {
            return new SentenceEmbedder(tokenizer, encoder, modelPath, vocabularyPath, modelBytes, vocabularyBytes, options);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> into the rows of <paramref name="output"/> (<c>texts.Length x Dimension</c>,
    /// row <c>i</c> for text <c>i</c>). An empty text gives the embedding of <c>[CLS][SEP]</c>.
    /// </summary>
    public void Embed(ReadOnlySpan<ReadOnlyMemory<char>> texts, MatrixView output, CancellationToken cancellationToken = default)
    {
        int count = texts.Length;
        int[][] sequences = Tokenize(texts, cancellationToken);
        int[] order = Enumerable.Range(0, count).ToArray();
        if (SortingWindowSize > 0)
        {
            for (int start = 0; start < count; start += SortingWindowSize)
            {
                order.AsSpan(start, Math.Min(SortingWindowSize, count - start))
                    .Sort((a, b) => sequences[a].Length != sequences[b].Length ? sequences[a].Length.CompareTo(sequences[b].Length) : a.CompareTo(b));
            }
        }

        List<(int Start, int Count)> batches = CutBatches(sequences, order);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(ConcurrentBatchCount, Math.Max(1, batches.Count)), CancellationToken = cancellationToken };
        try
        {
            Parallel.For(
                0,
                batches.Count,
                options,
                () => new float[Math.Min(BatchSize, count) * Encoder.HiddenSize],
                (batch, _, pooled) =>
                {
                    EmbedBatch(sequences, order.AsSpan(batches[batch].Start, batches[batch].Count), pooled, output);
                    return pooled;
                },
                _ => { });
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(exception.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// Cuts the texts, in <paramref name="order"/>, into micro-batches of at most <see cref="BatchSize"/> texts whose rows x
    /// padded length stays within <see cref="BatchTokenLimit"/> (a text longer than the limit runs alone).
    /// </summary>
    private List<(int Start, int Count)> CutBatches(int[][] sequences, int[] order)
    {
        var batches = new List<(int Start, int Count)>();
        for (int start = 0; start < order.Length;)
        {
            int size = 1;
            int longest = sequences[order[start]].Length;
            while (start + size < order.Length && size < BatchSize)
            {
                int padded = Math.Max(longest, sequences[order[start + size]].Length);
                if ((long)padded * (size + 1) > BatchTokenLimit)
                {
                    break;
                }

                longest = padded;
                size++;
            }

            batches.Add((start, size));
            start += size;
        }

        return batches;
    }

    /// <summary>Tokenises the texts on up to <see cref="ConcurrentBatchCount"/> threads.</summary>
    private int[][] Tokenize(ReadOnlySpan<ReadOnlyMemory<char>> texts, CancellationToken cancellationToken)
    {
        var sequences = new int[texts.Length][];
        if (ConcurrentBatchCount == 1 || texts.Length < 2 * BatchSize)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                sequences[i] = Tokenizer.Encode(texts[i].Span);
            }

            return sequences;
        }

        ReadOnlyMemory<char>[] copies = texts.ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentBatchCount, CancellationToken = cancellationToken };
        Parallel.For(0, copies.Length, options, i => sequences[i] = Tokenizer.Encode(copies[i].Span));
        return sequences;
    }

    /// <summary>Runs the texts <paramref name="rows"/> (indices into <paramref name="sequences"/>) as one micro-batch and writes their embeddings to their rows of <paramref name="output"/>.</summary>
    private void EmbedBatch(int[][] sequences, ReadOnlySpan<int> rows, float[] pooled, MatrixView output)
    {
        var batch = new int[rows.Length][];
        for (int j = 0; j < rows.Length; j++)
        {
            batch[j] = sequences[rows[j]];
        }

        int hidden = Encoder.HiddenSize;
        Encoder.Run(batch, Pooling, Tokenizer.PaddingTokenId, pooled);
        for (int j = 0; j < rows.Length; j++)
        {
            Span<float> row = output.Row(rows[j]);
            pooled.AsSpan(j * hidden, Dimension).CopyTo(row);
            if (Normalize)
            {
                VectorOperations.Normalize(row);
            }
        }
    }

    /// <summary>Writes everything needed to rebuild the embedder; the model and vocabulary bytes when <paramref name="embedFiles"/> is set, else their paths.</summary>
    public void Save(ModelPayloadWriter writer, bool embedFiles)
    {
        writer.Write(embedFiles);
        if (embedFiles)
        {
            writer.WriteBlob(ModelBytes ?? throw new InvalidOperationException("The model's bytes were not kept; create the embedder with keepModelBytes."));
            writer.WriteBlob(VocabularyBytes);
        }

        writer.Write(ModelPath);
        writer.Write(VocabularyPath);
        Tokenizer.Settings.Save(writer);
        writer.Write(Encoder.OutputName);
        writer.Write((int)Pooling);
        writer.Write(Normalize);
        writer.Write(Dimension);
        writer.Write(BatchSize);
        writer.Write(SortingWindowSize);
        writer.Write(IntraOpThreadCount);
        writer.Write(Encoder.HiddenSize);
        writer.Write(MaxDegreeOfParallelism);
        writer.Write(MaximumBatchTokens ?? 0);
    }

    /// <summary>
    /// Rebuilds an embedder written by <see cref="Save"/>; returns it and whether the files were embedded. Format 1 (before
    /// <see cref="MaxDegreeOfParallelism"/> and <see cref="MaximumBatchTokens"/> were saved) loads with their defaults.
    /// </summary>
    public static (SentenceEmbedder Embedder, bool FilesEmbedded) Load(ModelPayloadReader reader, int formatVersion)
    {
        bool embedded = reader.ReadBoolean();
        byte[]? modelBytes = embedded ? reader.ReadBlob() : null;
        byte[]? vocabularyBytes = embedded ? reader.ReadBlob() : null;
        string modelPath = reader.ReadNonNullString("the model path");
        string vocabularyPath = reader.ReadNonNullString("the vocabulary path");
        TokenizerSettings settings = TokenizerSettings.Load(reader);
        string outputName = reader.ReadNonNullString("the model output name");
        var options = new SentenceEncoderOptions
        {
            ModelPath = modelPath,
            VocabularyPath = vocabularyPath,
            ModelOutputName = outputName,
            Pooling = (SentencePooling)reader.ReadInt32("the pooling", 0, (int)SentencePooling.Max),
            Normalize = reader.ReadBoolean(),
            Dimension = reader.ReadInt32("the dimension", 1, int.MaxValue),
            BatchSize = reader.ReadInt32("the batch size", 1, int.MaxValue),
            SortingWindowSize = reader.ReadInt32("the sorting window size", 0, int.MaxValue),
            IntraOpThreadCount = reader.ReadInt32("the intra-op thread count", 0, int.MaxValue),
        };
        int hiddenSize = reader.ReadInt32("the model's embedding size", 1, int.MaxValue);
        if (formatVersion >= 2)
        {
            options.MaxDegreeOfParallelism = reader.ReadInt32("the degree of parallelism", -1, int.MaxValue);
            int tokens = reader.ReadInt32("the most tokens per batch", 0, int.MaxValue);
            options.MaximumBatchTokens = tokens == 0 ? null : tokens;
        }

        if (!embedded)
        {
            RequireFile(modelPath, nameof(options.ModelPath), "the ONNX model the saved pipeline refers to (it was saved with EmbedModelInZip = false)");
            RequireFile(vocabularyPath, nameof(options.VocabularyPath), "the vocabulary the saved pipeline refers to (it was saved with EmbedModelInZip = false)");
            vocabularyBytes = File.ReadAllBytes(vocabularyPath);
        }

        SentenceTokenizer tokenizer = SentenceTokenizer.Create(new MemoryStream(vocabularyBytes!, writable: false), settings, embedded ? "stored in the model" : $"'{vocabularyPath}'");
        SentenceEncoder encoder = SentenceEncoder.Create(modelBytes, modelPath, outputName, options.IntraOpThreadCount);
        try
        {
            if (encoder.HiddenSize != hiddenSize)
            {
                throw new InvalidDataException($"The sentence encoder's embeddings have {encoder.HiddenSize} values, but the saved pipeline was built for {hiddenSize}: '{modelPath}' is not the model it was saved with.");
            }

            return (new SentenceEmbedder(tokenizer, encoder, modelPath, vocabularyPath, modelBytes, vocabularyBytes!, options), embedded);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Encoder.Dispose();

    private static string RequireFile(string path, string option, string what)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ArgumentException($"{option}: the file '{full}' does not exist. Expected {what}.", option);
        }

        return full;
    }
}
