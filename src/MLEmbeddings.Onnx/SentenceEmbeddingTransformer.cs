using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Onnx;

/// <summary>
/// The fitted sentence-embedding transform: adds a <c>Vector&lt;Single, Dimension&gt;</c> column holding the
/// embedding of each row's text. Rows are read a window at a time, sorted by token count, run through one ONNX
/// Runtime session in micro-batches padded to their longest text (one per core at once by default), and written back in
/// row order. A missing (empty)
/// text gives the embedding of <c>[CLS][SEP]</c>. Created by <c>mlContext.Transforms.Text.ApplySentenceEmbedding(...)</c>;
/// saved inside the ML.NET zip with the ONNX model and vocabulary (unless <c>EmbedModelInZip</c> is false). Dispose it
/// (or the chain holding it) to release the ONNX Runtime session.
/// </summary>
public sealed class SentenceEmbeddingTransformer : RowMappingTransformerBase, IPersistedComponent<SentenceEmbeddingTransformer>, IDisposable
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbSentenceEmbedding", "MLESENTE", 2, "ApplySentenceEmbedding");

    private readonly SentenceEmbedder _embedder;

    internal SentenceEmbeddingTransformer(string inputColumnName, string outputColumnName, SentenceEmbedder embedder, bool embedModelInZip)
    {
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        _embedder = embedder;
        EmbedModelInZip = embedModelInZip;
    }

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The embedding column added.</summary>
    public string OutputColumnName { get; }

    /// <summary>Values per embedding: the model's size or the Matryoshka truncation.</summary>
    public int Dimension => _embedder.Dimension;

    /// <summary>How token vectors are pooled (unused when <see cref="ModelOutputName"/> is an already pooled output).</summary>
    public SentencePooling Pooling => _embedder.Pooling;

    /// <summary>The model output read.</summary>
    public string ModelOutputName => _embedder.Encoder.OutputName;

    /// <summary>Whether embeddings have unit L2 norm.</summary>
    public bool Normalize => _embedder.Normalize;

    /// <summary>Most tokens per text, counting [CLS] and [SEP].</summary>
    public int MaximumSequenceLength => _embedder.Tokenizer.Settings.MaximumSequenceLength;

    /// <summary>Whether text is lower-cased before tokenisation.</summary>
    public bool LowerCase => _embedder.Tokenizer.Settings.LowerCase;

    /// <summary>Whether accents are stripped before tokenisation.</summary>
    public bool RemoveAccents => _embedder.Tokenizer.Settings.RemoveAccents;

    /// <summary>Texts per ONNX Runtime call.</summary>
    public int BatchSize => _embedder.BatchSize;

    /// <summary>Texts sorted by length together (0 = no sorting).</summary>
    public int SortingWindowSize => _embedder.SortingWindowSize;

    /// <summary>Most tokens (texts x padded length) per ONNX Runtime call as set; null for automatic (98,304 / hidden size).</summary>
    public int? MaximumBatchTokens => _embedder.MaximumBatchTokens;

    /// <summary>ONNX Runtime threads per call.</summary>
    public int IntraOpThreadCount => _embedder.IntraOpThreadCount;

    /// <summary>Most micro-batches run at once as set (-1 = all cores).</summary>
    public int MaxDegreeOfParallelism => _embedder.MaxDegreeOfParallelism;

    /// <summary>Whether saving stores the model and vocabulary inside the zip (else their paths).</summary>
    public bool EmbedModelInZip { get; }

    /// <summary>The model file the transform was created from.</summary>
    public string ModelPath => _embedder.ModelPath;

    static PersistenceIdentity IPersistedComponent<SentenceEmbeddingTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    /// <summary>
    /// A <c>Microsoft.Extensions.AI</c> embedding generator over this transform's model, tokenizer and settings (it
    /// shares the ONNX Runtime session; disposing the generator leaves the transform usable).
    /// </summary>
    public SentenceEmbeddingGenerator CreateEmbeddingGenerator() => new(_embedder, ownsEmbedder: false);

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _embedder.Dispose();

    static SentenceEmbeddingTransformer IPersistedComponent<SentenceEmbeddingTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        string input = reader.ReadNonNullString("the input column name");
        string output = reader.ReadNonNullString("the output column name");
        (SentenceEmbedder embedder, bool embedded) = SentenceEmbedder.Load(reader, formatVersion);
        return new SentenceEmbeddingTransformer(input, output, embedder, embedded);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        _embedder.Save(writer, EmbedModelInZip);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        ColumnValidation.RequireText(inputSchema, InputColumnName);
        var output = new OutputColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, Dimension));
        return new BatchMapping(inputSchema, [new BatchInputColumn(InputColumnName, InputColumnAccess.Scalar)], [output], MapBatch, _embedder.WindowSize);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
        => _embedder.Embed(input.Scalars<ReadOnlyMemory<char>>(0), output.Vectors(0));
}
