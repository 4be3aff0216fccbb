using Microsoft.ML;

namespace MLEmbeddings.TestSupport;

/// <summary>What <see cref="EstimatorConformance.Check{TTransformer}"/> needs to know about one estimator.</summary>
/// <typeparam name="TTransformer">The fitted transformer type.</typeparam>
public sealed class ConformanceCase<TTransformer>
    where TTransformer : class, ITransformer
{
    /// <summary>Creates the estimator from a context's catalogs (called once per context).</summary>
    public required Func<MLContext, IEstimator<TTransformer>> CreateEstimator { get; init; }

    /// <summary>Creates the training data, also used for scoring (called once per context).</summary>
    public required Func<MLContext, IDataView> CreateData { get; init; }

    /// <summary>The output columns with their exact types and annotation kinds.</summary>
    public required IReadOnlyList<ExpectedColumn> ExpectedOutputs { get; init; }

    /// <summary>The <c>MLContext</c> seed used for every context of the check. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bad inputs that must be rejected at Fit and schema time with the given message fragments.</summary>
    public IReadOnlyList<BadInput> BadInputs { get; init; } = [];
}
