using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Onnx;

/// <summary>
/// Sentence embeddings from a local BERT-family ONNX model (all-MiniLM-L6-v2, bge-small, e5-small and similar
/// exports). Nothing is learned: <see cref="Fit"/> checks the text column, opens the model and the vocabulary, and
/// returns the transformer. Created by <c>mlContext.Transforms.Text.ApplySentenceEmbedding(...)</c>.
/// </summary>
public sealed class SentenceEmbeddingEstimator : IEstimator<SentenceEmbeddingTransformer>
{
    private readonly SentenceEmbeddingOptions _options;
    private readonly string _inputColumnName;

    internal SentenceEmbeddingEstimator(SentenceEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _inputColumnName = options.InputColumnName ?? options.OutputColumnName;
    }

    /// <summary>Checks the text column, opens the model and vocabulary, and returns the transformer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not text, or <c>Dimension</c> exceeds the model's size.</exception>
    /// <exception cref="ArgumentException">
    /// The model or vocabulary file is missing, the model is not ONNX, or its inputs or outputs are not a sentence
    /// encoder's (the message lists what the model has).
    /// </exception>
    public SentenceEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ColumnValidation.RequireText(input.Schema, _inputColumnName, nameof(input));
        SentenceEmbedder embedder = SentenceEmbedder.Create(_options, keepModelBytes: _options.EmbedModelInZip);
        return new SentenceEmbeddingTransformer(_inputColumnName, _options.OutputColumnName, embedder, _options.EmbedModelInZip);
    }

    /// <summary>The output shape: the input columns plus the output column, a known-size <c>Vector&lt;Single&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not text.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireText(inputSchema, _inputColumnName);
        var output = new VectorDataViewType(NumberDataViewType.Single, _options.Dimension ?? 1);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(_options.OutputColumnName, output)]);
    }
}
