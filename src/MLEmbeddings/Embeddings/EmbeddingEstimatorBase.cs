using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Base class of the embedding post-processing estimators that learn from (or only check) a known-size
/// <c>Vector&lt;Single&gt;</c> input column and add one output column: <see cref="Fit"/> checks the column, reads its rows
/// when the transform learns from them, and builds the transformer. It cannot be derived from outside this library.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
public abstract class EmbeddingEstimatorBase<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    private protected EmbeddingEstimatorBase(ComponentHost host, string outputColumnName, string? inputColumnName)
    {
        Host = host;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <summary>The input column.</summary>
    public string InputColumnName { get; }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The context's seed, log and cancellation.</summary>
    private protected ComponentHost Host { get; }

    /// <summary>Whether <see cref="FitCore"/> needs the rows (false: only the input size).</summary>
    private protected abstract bool ReadsRows { get; }

    /// <summary>The output type for schema shapes (its vector size is not part of a shape).</summary>
    private protected abstract DataViewType OutputShapeType { get; }

    /// <summary>Checks the input column, reads its rows when needed, and fits the transformer.</summary>
    /// <param name="input">The data to learn from.</param>
    /// <returns>The fitted transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing, is not a known-size <c>Vector&lt;Single&gt;</c>, or is too small for the options.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row), or the data has too few rows.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int inputSize = ColumnValidation.RequireKnownSizeSingleVector(input.Schema, InputColumnName, nameof(input));
        CheckInputSize(inputSize, nameof(input));
        TrainingRows? rows = ReadsRows ? TrainingDataReader.Read(input, InputColumnName, labelColumnName: null, Host) : null;
        return FitCore(input, inputSize, rows);
    }

    /// <summary>The input columns plus the output column.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not a known-size <c>Vector&lt;Single&gt;</c>.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(OutputColumnName, OutputShapeType)]);
    }

    /// <summary>Throws when the options do not fit an input of <paramref name="inputSize"/> values.</summary>
    private protected virtual void CheckInputSize(int inputSize, string parameterName)
    {
    }

    /// <summary>Fits the transformer from the input size and, when <see cref="ReadsRows"/>, the rows.</summary>
    private protected abstract TTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when an output size option exceeds the input size.</summary>
    private protected void RequireAtMostInputSize(string option, int value, int inputSize, string parameterName)
    {
        if (value > inputSize)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                $"{option} is {value} but column '{InputColumnName}' has vectors of size {inputSize}. Choose {option} in [1, {inputSize}].");
        }
    }
}
