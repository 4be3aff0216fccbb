using MLEmbeddings.Kernels;
using Microsoft.Extensions.AI;

namespace MLEmbeddings.Onnx;

/// <summary>
/// A <c>Microsoft.Extensions.AI</c> embedding generator over a local BERT-family ONNX model: the same tokenizer,
/// micro-batching, pooling and normalisation as <c>ApplySentenceEmbedding</c>, so it plugs into the .NET AI
/// ecosystem (vector stores, semantic search, RAG). Thread-safe. <see cref="EmbeddingGenerationOptions.Dimensions"/>
/// truncates the embeddings Matryoshka-style (re-normalised when <see cref="SentenceEncoderOptions.Normalize"/> is set).
/// </summary>
public sealed class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly SentenceEmbedder _embedder;
    private readonly bool _ownsEmbedder;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Opens the model and vocabulary named by <paramref name="options"/>; dispose the generator to release the ONNX Runtime session.</summary>
    /// <param name="options">The model, vocabulary and embedding settings; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, a file is missing, or the model is not a sentence encoder (the message says which).</exception>
    public SentenceEmbeddingGenerator(SentenceEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateEncoder();
        _embedder = SentenceEmbedder.Create(options, keepModelBytes: false);
        _ownsEmbedder = true;
        _metadata = CreateMetadata(_embedder);
    }

    internal SentenceEmbeddingGenerator(SentenceEmbedder embedder, bool ownsEmbedder)
    {
        _embedder = embedder;
        _ownsEmbedder = ownsEmbedder;
        _metadata = CreateMetadata(embedder);
    }

    /// <summary>Values per embedding.</summary>
    public int Dimension => _embedder.Dimension;

    /// <summary>Embeds <paramref name="values"/>, one embedding per text in order. An empty text gives the embedding of <c>[CLS][SEP]</c>.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">Optional: <c>Dimensions</c> in <c>[1, Dimension]</c> truncates the embeddings.</param>
    /// <param name="cancellationToken">Checked between micro-batches.</param>
    /// <returns>The embeddings (the work is done synchronously; the task is already complete).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its texts is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><c>options.Dimensions</c> is outside <c>[1, Dimension]</c>.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ReadOnlyMemory<char>[] texts = values.Select((text, index) => text is null
            ? throw new ArgumentNullException(nameof(values), $"values[{index}] is null; pass an empty string to embed empty text.")
            : text.AsMemory()).ToArray();
        int dimension = options?.Dimensions ?? Dimension;
        if (dimension < 1 || dimension > Dimension)
        {
            throw new ArgumentOutOfRangeException(nameof(options), dimension, $"options.Dimensions must be in [1, {Dimension}] (the model's embedding size); got {dimension}.");
        }

        var block = new float[texts.Length * Dimension];
        _embedder.Embed(texts, new MatrixView(block, texts.Length, Dimension), cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Memory<float> vector = block.AsMemory(i * Dimension, dimension);
            if (dimension < Dimension && _embedder.Normalize)
            {
                VectorOperations.Normalize(vector.Span);
            }

            result.Add(new Embedding<float>(vector) { ModelId = _metadata.DefaultModelId });
        }

        return Task.FromResult(result);
    }

    /// <summary>The generator's <see cref="EmbeddingGeneratorMetadata"/>, or the generator itself when asked for a type it is; otherwise null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the ONNX Runtime session when the generator opened it (not when it came from a transformer).</summary>
    public void Dispose()
    {
        if (_ownsEmbedder)
        {
            _embedder.Dispose();
        }
    }

    private static EmbeddingGeneratorMetadata CreateMetadata(SentenceEmbedder embedder)
        => new("MLEmbeddings.Onnx", null, Path.GetFileName(embedder.ModelPath), embedder.Dimension);
}
