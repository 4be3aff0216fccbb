namespace MLEmbeddings.Onnx;

/// <summary>
/// How a BERT-family ONNX model and its WordPiece vocabulary turn text into sentence embeddings: files, tokenizer
/// settings, pooling, normalisation, truncation and batching. Used by <see cref="SentenceEmbeddingGenerator"/> and, with
/// the column names of <see cref="SentenceEmbeddingOptions"/>, by <c>mlContext.Transforms.Text.ApplySentenceEmbedding</c>.
/// </summary>
/// <remarks>
/// Tokenizer settings left null come from the Hugging Face files next to the vocabulary when present
/// (<c>tokenizer_config.json</c>: <c>do_lower_case</c>, <c>strip_accents</c>, <c>tokenize_chinese_chars</c>,
/// <c>model_max_length</c> and the special tokens; <c>sentence_bert_config.json</c>: <c>max_seq_length</c>;
/// <c>config.json</c>: <c>max_position_embeddings</c>), otherwise from the defaults. A value set here always wins.
/// </remarks>
public class SentenceEncoderOptions
{
    /// <summary>Path of the ONNX model (for example all-MiniLM-L6-v2's <c>onnx/model.onnx</c>). Required.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Path of the WordPiece vocabulary, one token per line (<c>vocab.txt</c>). Required.</summary>
    public string VocabularyPath { get; set; } = string.Empty;

    /// <summary>
    /// Whether text is lower-cased before WordPiece (Hugging Face <c>do_lower_case</c>). Null (default): from
    /// <c>tokenizer_config.json</c>, else true.
    /// </summary>
    public bool? LowerCase { get; set; }

    /// <summary>
    /// Whether accents are stripped (NFD decomposition, combining marks removed; Hugging Face <c>strip_accents</c>).
    /// Null (default): from <c>tokenizer_config.json</c>, else the same as <see cref="LowerCase"/>, as Hugging Face does.
    /// </summary>
    public bool? RemoveAccents { get; set; }

    /// <summary>
    /// Most tokens per text, counting <c>[CLS]</c> and <c>[SEP]</c>, at least 2 (sentence-transformers' <c>max_seq_length</c>):
    /// longer texts keep their first <c>MaximumSequenceLength - 2</c> word pieces. Null (default): from
    /// <c>sentence_bert_config.json</c>, <c>tokenizer_config.json</c> or <c>config.json</c>, else 512.
    /// </summary>
    public int? MaximumSequenceLength { get; set; }

    /// <summary>
    /// How token vectors are pooled when the model returns them (<c>last_hidden_state</c> or <c>token_embeddings</c>).
    /// Default <see cref="SentencePooling.Mean"/>. Ignored for an already pooled output (<c>sentence_embedding</c>).
    /// </summary>
    public SentencePooling Pooling { get; set; } = SentencePooling.Mean;

    /// <summary>
    /// The model output to read. Null (default): <c>sentence_embedding</c> when the model has it (a pooled
    /// <c>[batch, hidden]</c> output, used as is), else <c>last_hidden_state</c>, else <c>token_embeddings</c>
    /// (<c>[batch, sequence, hidden]</c>, pooled by <see cref="Pooling"/>).
    /// </summary>
    public string? ModelOutputName { get; set; }

    /// <summary>Whether each embedding is scaled to unit L2 norm, <c>e / ||e||₂</c> (sentence-transformers' <c>Normalize</c> module). Default true.</summary>
    public bool Normalize { get; set; } = Defaults.SentenceEmbeddingNormalize;

    /// <summary>
    /// Matryoshka truncation: keep the first <c>Dimension</c> values of each embedding (then normalise when
    /// <see cref="Normalize"/> is set), in <c>[1, model dimension]</c> (sentence-transformers' <c>truncate_dim</c>).
    /// Null (default): the model's full dimension.
    /// </summary>
    public int? Dimension { get; set; }

    /// <summary>Texts per ONNX Runtime call, at least 1; each micro-batch is padded to its longest text. Default 32.</summary>
    public int BatchSize { get; set; } = Defaults.SentenceEmbeddingBatchSize;

    /// <summary>
    /// Texts read ahead and sorted by token count before they are cut into micro-batches, so that texts of similar
    /// length share a batch and less padding is computed; results come back in row order and do not depend on it.
    /// 0 turns sorting off; otherwise at least <see cref="BatchSize"/>. Default 256.
    /// </summary>
    public int SortingWindowSize { get; set; } = Defaults.SentenceEmbeddingSortingWindowSize;

    /// <summary>
    /// Most tokens per ONNX Runtime call, counted as texts x padded length: a micro-batch closes before
    /// <see cref="BatchSize"/> texts when one more would exceed it (a text longer than the limit runs alone). Null
    /// (default): <c>98,304 / hidden size</c>, so a batch's token vectors take at most 384 KiB and its feed-forward
    /// activations (4 x wider) about the 1-2 MiB of a core's L2 cache: 256 tokens for all-MiniLM-L6-v2's 384 values,
    /// 128 for a 768-wide model, no limit in practice for tiny models. A MiniLM-shaped encoder runs 10-15 % faster so
    /// than with full batches of 32 texts of 25 tokens. Otherwise at least 1 (<c>int.MaxValue</c> for no limit).
    /// Results do not depend on it.
    /// </summary>
    public int? MaximumBatchTokens { get; set; }

    /// <summary>
    /// Threads ONNX Runtime uses inside one call (<c>SessionOptions.IntraOpNumThreads</c>), at least 0; 0 lets ONNX
    /// Runtime choose (one per physical core). Default 1: one thread per call, with
    /// <see cref="MaxDegreeOfParallelism"/> micro-batches running at once, which keeps every core busy on its own
    /// micro-batch instead of splitting the small matrix products of one call between cores.
    /// </summary>
    public int IntraOpThreadCount { get; set; } = Defaults.IntraOpThreadCount;

    /// <summary>
    /// Most micro-batches run at once, each on its own thread calling the shared ONNX Runtime session with
    /// <see cref="IntraOpThreadCount"/> threads; -1 (default) for all cores: <c>ProcessorCount / IntraOpThreadCount</c>
    /// (at least 1; 1 when <see cref="IntraOpThreadCount"/> is 0, as ONNX Runtime then uses every core in each call).
    /// Texts are tokenised with the same number of threads. Results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Checks the options shared by every user of the encoder.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options do not go together.</exception>
    internal void ValidateEncoder()
    {
        OptionChecks.RequireFilePath(ModelPath, nameof(ModelPath));
        OptionChecks.RequireFilePath(VocabularyPath, nameof(VocabularyPath));
        if (MaximumSequenceLength is int length)
        {
            OptionChecks.RequireAtLeast(length, 2, nameof(MaximumSequenceLength));
        }

        OptionChecks.RequireDefined(Pooling, nameof(Pooling));
        if (ModelOutputName is { Length: 0 })
        {
            throw new ArgumentException("ModelOutputName must be null (discover the output) or an output name; got an empty string.", nameof(ModelOutputName));
        }

        if (Dimension is int dimension)
        {
            OptionChecks.RequireAtLeast(dimension, 1, nameof(Dimension));
        }

        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        if (SortingWindowSize != 0 && SortingWindowSize < BatchSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SortingWindowSize),
                SortingWindowSize,
                $"SortingWindowSize must be 0 (no sorting) or at least BatchSize ({BatchSize}); got {SortingWindowSize}.");
        }

        if (MaximumBatchTokens is int tokens)
        {
            OptionChecks.RequireAtLeast(tokens, 1, nameof(MaximumBatchTokens));
        }

        OptionChecks.RequireAtLeast(IntraOpThreadCount, 0, nameof(IntraOpThreadCount));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
