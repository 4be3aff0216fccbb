using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Keeps the first <see cref="TruncateEmbeddingOptions.Dimension"/> values of an embedding and, by default,
/// re-normalises them to unit L2 norm: the standard way to shorten Matryoshka (MRL) embeddings. Nothing is learned;
/// <see cref="Fit"/> checks the input and records its size. Created by
/// <c>mlContext.Transforms.TruncateEmbedding(...)</c>.
/// </summary>
public sealed class TruncateEmbeddingEstimator : IEstimator<TruncateEmbeddingTransformer>
{
    private readonly TruncateEmbeddingOptions _options;
    private readonly string _inputColumnName;

    internal TruncateEmbeddingEstimator(TruncateEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (options.InputColumnName is { Length: 0 })
        {
            throw new ArgumentException("InputColumnName must be null (same as the output column) or a column name; got an empty string.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimension, 1, nameof(options.Dimension));
        _options = new TruncateEmbeddingOptions
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = options.InputColumnName,
            Dimension = options.Dimension,
            Normalize = options.Normalize,
        };
        _inputColumnName = options.InputColumnName ?? options.OutputColumnName;
    }

    /// <summary>Checks the input column and returns the transformer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The input column is missing or not a known-size <c>Vector&lt;Single&gt;</c>, or <c>Dimension</c> exceeds its size.
    /// </exception>
    public TruncateEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int inputSize = ColumnValidation.RequireKnownSizeSingleVector(input.Schema, _inputColumnName, nameof(input));
        TruncateEmbeddingTransformer.RequireDimensionFits(_inputColumnName, _options.Dimension, inputSize, nameof(input));
        return new TruncateEmbeddingTransformer(_inputColumnName, _options.OutputColumnName, _options.Dimension, _options.Normalize, inputSize);
    }

    /// <summary>The output shape: the input columns plus the output column, a known-size <c>Vector&lt;Single&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not a known-size <c>Vector&lt;Single&gt;</c>.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _inputColumnName);
        var output = new VectorDataViewType(NumberDataViewType.Single, _options.Dimension);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(_options.OutputColumnName, output)]);
    }
}
