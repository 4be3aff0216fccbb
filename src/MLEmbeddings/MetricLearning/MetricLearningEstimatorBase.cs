using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// The estimator plumbing every Mahalanobis metric learner shares: reading the training rows, the checks that do not
/// depend on the algorithm (rank, classes, finite values), progress and logging, and building the
/// <see cref="MahalanobisProjectionTransformer"/>.
/// </summary>
public abstract class MetricLearningEstimatorBase : IEstimator<MahalanobisProjectionTransformer>
{
    private readonly MetricLearningOptionsBase _options;

    /// <summary>Only this library's estimators derive from this class; <paramref name="options"/> is validated and copied.</summary>
    private protected MetricLearningEstimatorBase(ComponentHost host, MetricLearningOptionsBase options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Host = host;
        _options = options.Copy();
    }

    /// <summary>The estimator's own copy of the options (derived estimators read their typed settings from it).</summary>
    private protected MetricLearningOptionsBase Options => _options;

    /// <summary>The component host (seed, log, cancellation).</summary>
    private protected ComponentHost Host { get; }

    /// <summary>The learner.</summary>
    private protected abstract MetricLearningAlgorithm Algorithm { get; }

    /// <summary>The label column the learner reads, or null when it learns without labels.</summary>
    private protected virtual string? LabelColumnName => _options.LabelColumnName;

    /// <summary>The iteration budget, for progress reports.</summary>
    private protected abstract int MaximumIterations { get; }

    /// <summary>
    /// Learns <c>L</c> (<c>rank x rows.Dimension</c>) from the rows read by <see cref="Fit"/>; labelled learners get at least two
    /// classes and two rows.
    /// </summary>
    private protected abstract MetricLearningResult Learn(TrainingRows rows, int rank, MetricLearningRun run);

    /// <summary>Reads the training rows and learns the projection.</summary>
    /// <param name="input">Training data with the input column (and the key label column, unless learning from pairs).</param>
    /// <returns>The fitted projection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, or <c>Rank</c> exceeds the input size (the message names both).</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row and slot), there are fewer than two rows or two classes, or an algorithm-specific requirement fails (the message says which).</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token or the context was cancelled.</exception>
    public MahalanobisProjectionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string inputColumn = _options.ResolvedInputColumnName;
        TrainingRows rows = TrainingDataReader.Read(input, inputColumn, LabelColumnName, Host, _options.CancellationToken);
        int rank = _options.Rank ?? rows.Dimension;
        if (rank > rows.Dimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                $"{Algorithm}: Rank is {rank} but column '{inputColumn}' has vectors of size {rows.Dimension}. Choose a Rank in [1, {rows.Dimension}] (the output cannot have more dimensions than the input).");
        }

        if (rows.Count < 2)
        {
            throw new ArgumentException($"{Algorithm}: the training data has {rows.Count} row; a metric needs at least 2 rows to compare.", nameof(input));
        }

        if (rows.Classes is int[] classes)
        {
            RequireTwoClasses(classes, LabelColumnName!, nameof(input));
        }

        var run = new MetricLearningRun(Host, _options, Algorithm, MaximumIterations);
        Host.Info($"{Algorithm}: learning a {rank} x {rows.Dimension} projection from {rows.Count} rows.");
        MetricLearningResult result = Learn(rows, rank, run);
        foreach (float value in result.Transformation)
        {
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException($"{Algorithm} diverged: the learned projection has non-finite values. Standardize the input (for example with mlContext.Transforms.NormalizeMeanVariance(...)) or lower the learning rate.");
            }
        }

        string summary = $"{Algorithm}: {result.Iterations} iterations, objective {result.Objective:G6}";
        if (result.Converged)
        {
            Host.Info($"{summary}, converged.");
        }
        else
        {
            Host.Warning($"{summary}: did not converge within MaximumNumberOfIterations = {MaximumIterations}. Raise MaximumNumberOfIterations or the Tolerance.");
        }

        var projection = new DenseMatrix(rank, rows.Dimension, result.Transformation);
        return new MahalanobisProjectionTransformer(Algorithm, inputColumn, _options.OutputColumnName, projection, result.Converged, result.Iterations, result.Objective);
    }

    /// <summary>The input columns plus the output column, a known-size <c>Vector&lt;Single&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not a known-size <c>Vector&lt;Single&gt;</c>, or the label column is missing or not a key.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnValidation.RequireKnownSizeSingleVector(inputSchema, _options.ResolvedInputColumnName);
        if (LabelColumnName is string label)
        {
            ColumnValidation.RequireKey(inputSchema, label);
        }

        var output = new VectorDataViewType(NumberDataViewType.Single, _options.Rank ?? 1);
        return SchemaShapes.Append(inputSchema, [SchemaShapes.Column(_options.OutputColumnName, output)]);
    }

    /// <summary>Throws (naming <paramref name="parameterName"/>) when a class has fewer than <paramref name="minimumRows"/> rows; <paramref name="reason"/> says why the learner needs them.</summary>
    private protected static void RequireClassSizes(ClassSortedRows data, int minimumRows, string labelColumnName, string reason, string parameterName)
    {
        for (int c = 0; c < data.ClassCount; c++)
        {
            if (data.ClassSize(c) < minimumRows)
            {
                throw new ArgumentException(
                    $"Label '{labelColumnName}': class with key value {data.Labels[c] + 1} has {data.ClassSize(c)} row(s); {reason} Add rows of that class or remove it.",
                    parameterName);
            }
        }
    }

    private void RequireTwoClasses(int[] classes, string labelColumnName, string parameterName)
    {
        int first = classes[0];
        foreach (int c in classes)
        {
            if (c != first)
            {
                return;
            }
        }

        throw new ArgumentException(
            $"{Algorithm}: every training row has the same class (key value {first + 1} of label '{labelColumnName}'); learning a metric that separates classes needs rows of at least 2 classes.",
            parameterName);
    }
}
