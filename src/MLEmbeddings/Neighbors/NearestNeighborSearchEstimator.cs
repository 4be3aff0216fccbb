using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Nearest-neighbour search as a pipeline step: <c>Fit</c> indexes the rows it is given (the corpus);
/// <c>Transform</c> adds each row's k nearest corpus rows and their scores. Created by
/// <c>mlContext.Transforms.SearchNearestNeighbors(...)</c>.
/// </summary>
public sealed class NearestNeighborSearchEstimator : IEstimator<NearestNeighborSearchTransformer>
{
    private readonly NearestNeighborSearchOptions _options;
    private readonly ComponentHost _host;

    internal NearestNeighborSearchEstimator(ComponentHost host, NearestNeighborSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _options = options.Clone();
    }

    /// <summary>Indexes the corpus rows of <paramref name="input"/> (row i gets id i).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or has the wrong type, or <c>NumberOfNeighbors</c> exceeds the corpus size.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row), or the corpus is empty.</exception>
    public NearestNeighborSearchTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrainingRows corpus = TrainingDataReader.Read(input, _options.InputColumnName, labelColumnName: null, _host);
        if (_options.NumberOfNeighbors > corpus.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                $"NumberOfNeighbors is {_options.NumberOfNeighbors} but the corpus has only {corpus.Count} rows. Use NumberOfNeighbors <= {corpus.Count} or index more rows.");
        }

        VectorIndex index = _options.Index.Build(corpus.View, NeighborVoting.ToKernelMetric(_options.Metric), _host.Seed(_options.Seed), _options.MaxDegreeOfParallelism, _host);
        _host.Info($"Indexed a corpus of {corpus.Count} rows of dimension {corpus.Dimension} ({_options.Metric}).");
        return new NearestNeighborSearchTransformer(index, _options.InputColumnName, _options.IdsColumnName, _options.ScoresColumnName, _options.NumberOfNeighbors, _options.Metric, _options.ExcludeSelfMatches, _options.BatchSize, _options.MaxDegreeOfParallelism);
    }

    /// <summary>The input columns plus the ids (<c>Vector&lt;Int64&gt;</c>) and scores (<c>Vector&lt;Single&gt;</c>) columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or has the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _options.InputColumnName);
        return SchemaShapes.Append(
            inputSchema,
            [
                SchemaShapes.Column(_options.IdsColumnName, new VectorDataViewType(NumberDataViewType.Int64, _options.NumberOfNeighbors)),
                SchemaShapes.Column(_options.ScoresColumnName, new VectorDataViewType(NumberDataViewType.Single, _options.NumberOfNeighbors)),
            ]);
    }
}
