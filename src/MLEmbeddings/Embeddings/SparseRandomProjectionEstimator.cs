using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Very sparse random projection (Li, Hastie and Church 2006): <c>Fit</c> draws a seeded <c>Rank x d</c> matrix with
/// entries <c>+-sqrt(1 / density) / sqrt(Rank)</c> (probability <c>density / 2</c> each) and 0 otherwise, which keeps
/// squared distances in expectation (Johnson-Lindenstrauss). The data is not read, only its size. Sparse inputs stay
/// sparse. Created by <c>mlContext.Transforms.SparseRandomProjection(...)</c>.
/// </summary>
public sealed class SparseRandomProjectionEstimator : EmbeddingEstimatorBase<SparseRandomProjectionTransformer>
{
    private readonly SparseRandomProjectionOptions _options;

    internal SparseRandomProjectionEstimator(ComponentHost host, SparseRandomProjectionOptions options)
        : base(host, Validated(options).OutputColumnName, options.InputColumnName)
        => _options = options.Clone();

    private protected override bool ReadsRows => false;

    private protected override DataViewType OutputShapeType => new VectorDataViewType(NumberDataViewType.Single, 1);

    private protected override SparseRandomProjectionTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows)
    {
        double density = _options.Density ?? SparseRandomProjection.DefaultDensity(inputSize);
        int seed = Host.Seed(_options.Seed);
        CsrMatrix components = SparseRandomProjection.CreateTransposedComponents(inputSize, _options.Rank, density, seed);
        Host.Info($"Sparse random projection {inputSize} -> {_options.Rank}, density {density:G4}, {components.NonZeroCount} non-zeros.");
        return new SparseRandomProjectionTransformer(InputColumnName, OutputColumnName, inputSize, _options.Rank, density, seed, components);
    }

    private static SparseRandomProjectionOptions Validated(SparseRandomProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
