using System.Globalization;
using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Non-negative matrix factorization as a pipeline step (scikit-learn's <c>NMF</c> and <c>MiniBatchNMF</c>):
/// <c>Fit</c> learns <c>Rank</c> non-negative components <c>H</c> such that <c>X ~ W H</c> with <c>W &gt;= 0</c>;
/// the fitted transformer maps each row to its coefficients <c>w</c>. Topic models over TF-IDF features, parts-based
/// image features, interpretable embeddings. Sparse input columns (<c>FeaturizeText</c>, <c>ProduceWordBags</c>)
/// stay sparse. Created by <c>mlContext.Transforms.NonNegativeMatrixFactorization(...)</c>.
/// </summary>
public sealed class NonNegativeMatrixFactorizationEstimator : IEstimator<NonNegativeMatrixFactorizationTransformer>
{
    private readonly NonNegativeMatrixFactorizationOptions _options;
    private readonly ComponentHost _host;

    internal NonNegativeMatrixFactorizationEstimator(ComponentHost host, NonNegativeMatrixFactorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = host;
        _options = options.Clone();
    }

    /// <summary>Fits the factorization to the rows of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or is not a known-size <c>Vector&lt;Single&gt;</c>, or <c>Rank</c> exceeds <c>min(rows, columns)</c>.</exception>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative (zero for Itakura-Saito; the message names the row and slot), the data is empty, or <c>InitialComponents</c> has the wrong number of columns.</exception>
    /// <exception cref="OperationCanceledException"><c>CancellationToken</c> was cancelled.</exception>
    public NonNegativeMatrixFactorizationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string column = _options.EffectiveInputColumnName;
        ColumnValidation.RequireKnownSizeSingleVector(input.Schema, column, nameof(input));
        FactorizationResult result = _options.Solver == NonNegativeMatrixFactorizationSolver.MiniBatch
            ? MiniBatchFactorization.Fit(input, _options, _host)
            : FullBatchFactorization.Fit(input, _options, _host);
        _host.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"NMF ({_options.Solver}, {_options.Loss}): rank {_options.Rank} on {result.Rows} x {result.Dimension}, {result.Iterations} iterations, relative error {result.ReconstructionError:G6}."));
        if (!result.Converged && _options.Tolerance > 0)
        {
            _host.Warning($"NMF did not converge within MaximumNumberOfIterations = {_options.MaximumNumberOfIterations}; increase it (or the Tolerance) for a closer fit.");
        }

        return new NonNegativeMatrixFactorizationTransformer(
            column,
            _options.OutputColumnName,
            result.Components,
            _options.Loss,
            _options.AlphaW,
            _options.L1Ratio,
            _options.Tolerance,
            _options.MaximumNumberOfIterations,
            _options.BatchSize,
            _options.MaxDegreeOfParallelism,
            result.Iterations,
            result.Converged,
            result.ReconstructionError,
            result.Divergence,
            result.ComponentsTransposed);
    }

    /// <summary>The input columns plus the output column, a known-size <c>Vector&lt;Single, Rank&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or is not a known-size <c>Vector&lt;Single&gt;</c>.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _options.EffectiveInputColumnName);
        var output = new VectorDataViewType(NumberDataViewType.Single, _options.Rank);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(_options.OutputColumnName, output)]);
    }
}
