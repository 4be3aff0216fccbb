using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The fitted nearest-centroid classifier: one prototype per class. Class probabilities are a softmax over the
/// row's similarity to each prototype, <c>-||x - c_k||^2</c> (Euclidean) or the cosine / inner product, divided by
/// the temperature; a class without training rows gets probability 0. Exposed as <c>Model</c> of the prediction
/// transformer.
/// </summary>
public sealed class NearestCentroidModel : IMulticlassModel
{
    private readonly int[] _classCounts;
    private readonly DistanceMetric _kernelMetric;

    internal NearestCentroidModel(DenseMatrix prototypes, int[] classCounts, NeighborMetric metric, bool normalizePrototypes, float temperature, int maxDegreeOfParallelism)
    {
        Prototypes = prototypes;
        _classCounts = classCounts;
        Metric = metric;
        NormalizePrototypes = normalizePrototypes;
        Temperature = temperature;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _kernelMetric = NeighborVoting.ToKernelMetric(metric);
    }

    /// <summary>The class prototypes, one row per class (class <c>k</c> is key value <c>k + 1</c>).</summary>
    public DenseMatrix Prototypes { get; }

    /// <summary>Number of training rows of each class.</summary>
    public ReadOnlySpan<int> ClassCounts => _classCounts;

    /// <summary>Number of classes.</summary>
    public int NumberOfClasses => Prototypes.Rows;

    /// <summary>Values per feature vector.</summary>
    public int Dimension => Prototypes.Columns;

    /// <summary>How rows are compared with the prototypes.</summary>
    public NeighborMetric Metric { get; }

    /// <summary>Whether the prototypes were scaled to unit L2 norm.</summary>
    public bool NormalizePrototypes { get; }

    /// <summary>Softmax temperature of the class probabilities.</summary>
    public float Temperature { get; }

    /// <summary>Most threads used for scoring; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <inheritdoc/>
    void IMulticlassModel.Score(ReadOnlyMatrixView rows, Span<float> probabilities, Span<uint> predictedKeys)
    {
        int classes = NumberOfClasses;
        var buffer = new float[rows.Rows * classes];
        var scores = new MatrixView(buffer, rows.Rows, classes);
        PairwiseDistances.Compute(rows, Prototypes.AsView(), _kernelMetric, scores, MaxDegreeOfParallelism);
        for (int r = 0; r < rows.Rows; r++)
        {
            Span<float> row = scores.Row(r);
            int best = -1;
            for (int c = 0; c < classes; c++)
            {
                row[c] = _classCounts[c] == 0 ? float.NegativeInfinity : _kernelMetric == DistanceMetric.SquaredEuclidean ? -row[c] : row[c];
                if (best < 0 || row[c] > row[best])
                {
                    best = c;
                }
            }

            Softmax.Apply(row, 1f / Temperature, probabilities.Slice(r * classes, classes));
            predictedKeys[r] = (uint)best + 1;
        }
    }

    /// <inheritdoc/>
    void IMulticlassModel.Save(ModelPayloadWriter writer)
    {
        writer.Write((int)Metric);
        writer.Write(NormalizePrototypes);
        writer.Write(Temperature);
        writer.Write(MaxDegreeOfParallelism);
        writer.Write(_classCounts);
        writer.Write(Prototypes);
    }

    /// <summary>Reads a model written by <see cref="IMulticlassModel.Save"/>.</summary>
    internal static NearestCentroidModel Load(ModelPayloadReader reader)
    {
        var metric = (NeighborMetric)reader.ReadInt32("the metric", 0, (int)NeighborMetric.InnerProduct);
        bool normalize = reader.ReadBoolean();
        float temperature = reader.ReadSingle();
        int threads = reader.ReadInt32("the thread limit", -1, int.MaxValue);
        int[] counts = reader.ReadInt32s();
        DenseMatrix prototypes = reader.ReadDenseMatrix();
        if (counts.Length != prototypes.Rows || prototypes.Rows == 0 || !(temperature > 0f))
        {
            throw reader.Corrupt($"the nearest-centroid model is inconsistent ({prototypes.Rows} prototypes, {counts.Length} class counts)");
        }

        return new NearestCentroidModel(prototypes, counts, metric, normalize, temperature, threads);
    }
}
