using System.Buffers;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The fitted k-nearest-neighbours classifier: the indexed training vectors with their classes, and the voting
/// rule. Exposed as <c>Model</c> of the prediction transformer returned by
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...).Fit(data)</c>.
/// </summary>
public sealed class KNearestNeighborsModel : IMulticlassModel
{
    private readonly VectorIndex _index;
    private readonly int[] _classOfRow;
    private readonly NeighborVoting _voting;

    internal KNearestNeighborsModel(VectorIndex index, int[] classOfRow, int numberOfClasses, int numberOfNeighbors, NeighborMetric metric, NeighborWeighting weighting, float temperature, int maxDegreeOfParallelism)
    {
        _index = index;
        _classOfRow = classOfRow;
        NumberOfClasses = numberOfClasses;
        NumberOfNeighbors = numberOfNeighbors;
        Metric = metric;
        Weighting = weighting;
        Temperature = temperature;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _voting = new NeighborVoting(classOfRow, numberOfClasses, metric, weighting, temperature);
    }

    /// <summary>Number of classes (the size of the <c>Score</c> vector).</summary>
    public int NumberOfClasses { get; }

    /// <summary>Number of indexed training rows.</summary>
    public int Count => _index.Count;

    /// <summary>Values per feature vector.</summary>
    public int Dimension => _index.Dimension;

    /// <summary>Number of neighbours that vote, k.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>How rows are compared.</summary>
    public NeighborMetric Metric { get; }

    /// <summary>How neighbours vote.</summary>
    public NeighborWeighting Weighting { get; }

    /// <summary>Softmax temperature (used by <see cref="NeighborWeighting.Softmax"/>).</summary>
    public float Temperature { get; }

    /// <summary>Most threads used for scoring; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>The 0-based class of every indexed training row, in row order.</summary>
    public ReadOnlySpan<int> RowClasses => _classOfRow;

    /// <summary>
    /// Finds the <paramref name="numberOfNeighbors"/> nearest training rows of each query row (scikit-learn's
    /// <c>kneighbors</c>), nearest first, ties to the smaller row number.
    /// </summary>
    /// <param name="queries">Query rows with <see cref="Dimension"/> finite values each.</param>
    /// <param name="numberOfNeighbors">Neighbours per query, in <c>[1, Count]</c>; null means <see cref="NumberOfNeighbors"/>.</param>
    /// <returns>Row numbers and distances (see <see cref="NeighborSearchResult.Distances"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="queries"/> has another dimension or a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfNeighbors"/> is outside <c>[1, Count]</c>.</exception>
    public NeighborSearchResult FindNeighbors(ReadOnlyMatrixView queries, int? numberOfNeighbors = null)
    {
        int k = numberOfNeighbors ?? NumberOfNeighbors;
        if (k < 1 || k > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfNeighbors), k, $"numberOfNeighbors must be in [1, {Count}] (the number of indexed rows); got {k}.");
        }

        if (queries.Columns != Dimension)
        {
            throw new ArgumentException($"queries have {queries.Columns} columns; the model was trained on vectors of size {Dimension}.", nameof(queries));
        }

        ColumnValidation.RequireFinite(queries, 0, "queries", nameof(queries));
        var ids = new int[checked(queries.Rows * k)];
        var distances = new float[ids.Length];
        _index.Search(queries, k, ids, distances, default, MaxDegreeOfParallelism);
        for (int i = 0; i < distances.Length; i++)
        {
            distances[i] = Metric == NeighborMetric.InnerProduct ? -distances[i] : NeighborVoting.ScoreToDistance(Metric, distances[i]);
        }

        return new NeighborSearchResult(queries.Rows, k, ids, distances);
    }

    /// <inheritdoc/>
    void IMulticlassModel.Score(ReadOnlyMatrixView rows, Span<float> probabilities, Span<uint> predictedKeys)
    {
        int length = rows.Rows * NumberOfNeighbors;
        int[] ids = ArrayPool<int>.Shared.Rent(length);
        float[] scores = ArrayPool<float>.Shared.Rent(length);
        try
        {
            _index.Search(rows, NumberOfNeighbors, ids.AsSpan(0, length), scores.AsSpan(0, length), default, MaxDegreeOfParallelism);
            _voting.Vote(rows.Rows, NumberOfNeighbors, ids, scores, probabilities, predictedKeys);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <inheritdoc/>
    void IMulticlassModel.Save(ModelPayloadWriter writer)
    {
        writer.Write(NumberOfClasses);
        writer.Write(NumberOfNeighbors);
        writer.Write((int)Metric);
        writer.Write((int)Weighting);
        writer.Write(Temperature);
        writer.Write(MaxDegreeOfParallelism);
        writer.Write(_classOfRow);
        _index.Save(writer);
    }

    /// <summary>Reads a model written by <see cref="IMulticlassModel.Save"/>.</summary>
    internal static KNearestNeighborsModel Load(ModelPayloadReader reader)
    {
        int classes = reader.ReadInt32("the number of classes", 1, int.MaxValue);
        int k = reader.ReadInt32("the number of neighbours", 1, int.MaxValue);
        var metric = (NeighborMetric)reader.ReadInt32("the metric", 0, (int)NeighborMetric.InnerProduct);
        var weighting = (NeighborWeighting)reader.ReadInt32("the weighting", 0, (int)NeighborWeighting.Softmax);
        float temperature = reader.ReadSingle();
        int threads = reader.ReadInt32("the thread limit", -1, int.MaxValue);
        int[] classOfRow = reader.ReadInt32s();
        VectorIndex index = VectorIndex.Load(reader);
        if (index.Count != classOfRow.Length || k > index.Count || classOfRow.Any(c => (uint)c >= (uint)classes) || !(temperature > 0f))
        {
            throw reader.Corrupt($"the k-NN model is inconsistent ({index.Count} vectors, {classOfRow.Length} labels, {classes} classes, k = {k})");
        }

        return new KNearestNeighborsModel(index, classOfRow, classes, k, metric, weighting, temperature, threads);
    }
}
