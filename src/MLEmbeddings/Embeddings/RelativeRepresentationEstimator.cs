using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// Relative representations: <c>Fit</c> chooses anchor rows (a seeded random sample or k-means centroids); the
/// transformer replaces every embedding by its cosine similarities to the anchors. Because cosines do not change under
/// rotations and rescaling of the space, embeddings of the same inputs from two models that differ by such a map
/// become comparable. Created by <c>mlContext.Transforms.RelativeRepresentation(...)</c>.
/// </summary>
public sealed class RelativeRepresentationEstimator : EmbeddingEstimatorBase<RelativeRepresentationTransformer>
{
    private readonly RelativeRepresentationOptions _options;

    internal RelativeRepresentationEstimator(ComponentHost host, RelativeRepresentationOptions options)
        : base(host, Validated(options).OutputColumnName, options.InputColumnName)
        => _options = options.Clone();

    private protected override bool ReadsRows => true;

    private protected override DataViewType OutputShapeType => new VectorDataViewType(NumberDataViewType.Single, 1);

    private protected override RelativeRepresentationTransformer FitCore(IDataView input, int inputSize, TrainingRows? rows)
    {
        if (_options.NumberOfAnchors > rows!.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"NumberOfAnchors is {_options.NumberOfAnchors} but only {rows.Count} rows were given to Fit. Use NumberOfAnchors <= {rows.Count}.");
        }

        int seed = Host.Seed(_options.Seed);
        DenseMatrix anchors = _options.Anchors == AnchorSelection.Random
            ? RandomRows(rows.View, _options.NumberOfAnchors, seed)
            : Centroids(input, _options.NumberOfAnchors, seed, inputSize);
        Host.Info($"Chose {anchors.Rows} anchors ({_options.Anchors}) from {rows.Count} rows.");
        return new RelativeRepresentationTransformer(InputColumnName, OutputColumnName, inputSize, _options.Anchors, anchors);
    }

    private static DenseMatrix RandomRows(ReadOnlyMatrixView rows, int count, int seed)
    {
        int[] order = Enumerable.Range(0, rows.Rows).ToArray();
        new Random(seed).Shuffle(order);
        var values = new float[count * rows.Columns];
        for (int i = 0; i < count; i++)
        {
            rows.Row(order[i]).CopyTo(values.AsSpan(i * rows.Columns, rows.Columns));
        }

        return new DenseMatrix(count, rows.Columns, values);
    }

    private DenseMatrix Centroids(IDataView input, int count, int seed, int inputSize)
    {
        var kMeansContext = new MLContext(seed);
        KMeansModelParameters model = kMeansContext.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = InputColumnName,
            NumberOfClusters = count,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
        }).Fit(input).Model;
        VBuffer<float>[] centroids = [];
        model.GetClusterCentroids(ref centroids, out int k);
        var values = new float[k * inputSize];
        for (int c = 0; c < k; c++)
        {
            centroids[c].CopyTo(values.AsSpan(c * inputSize, inputSize));
        }

        return new DenseMatrix(k, inputSize, values);
    }

    private static RelativeRepresentationOptions Validated(RelativeRepresentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
