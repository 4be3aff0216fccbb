using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Turns the k nearest neighbours of a block of rows (ids and scores from a vector index) into class
/// probabilities and predicted classes. The arithmetic of the k-NN classifier's scoring, kept out of the
/// pipeline glue.
/// </summary>
internal sealed class NeighborVoting
{
    private readonly int[] _classOfRow;
    private readonly NeighborMetric _metric;
    private readonly NeighborWeighting _weighting;
    private readonly float _inverseTemperature;

    /// <param name="classOfRow">0-based class of every indexed row.</param>
    /// <param name="classCount">Number of classes C.</param>
    /// <param name="metric">The metric the neighbour scores come from.</param>
    /// <param name="weighting">How neighbours vote.</param>
    /// <param name="temperature">Softmax temperature, used only by <see cref="NeighborWeighting.Softmax"/>.</param>
    public NeighborVoting(int[] classOfRow, int classCount, NeighborMetric metric, NeighborWeighting weighting, float temperature)
    {
        _classOfRow = classOfRow;
        ClassCount = classCount;
        _metric = metric;
        _weighting = weighting;
        _inverseTemperature = 1f / temperature;
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>
    /// Converts a kernel score into the distance used for inverse-distance weights: the square root of the squared
    /// Euclidean distance, or <c>1 - cosine similarity</c> (clamped at 0).
    /// </summary>
    public static float ScoreToDistance(NeighborMetric metric, float score) => metric switch
    {
        NeighborMetric.Euclidean => MathF.Sqrt(MathF.Max(score, 0f)),
        NeighborMetric.Cosine => MathF.Max(1f - score, 0f),
        _ => throw new InvalidOperationException($"{metric} scores are similarities, not distances."),
    };

    /// <summary>The kernel metric a neighbour metric is searched with.</summary>
    public static DistanceMetric ToKernelMetric(NeighborMetric metric) => metric switch
    {
        NeighborMetric.Euclidean => DistanceMetric.SquaredEuclidean,
        NeighborMetric.Cosine => DistanceMetric.Cosine,
        NeighborMetric.InnerProduct => DistanceMetric.InnerProduct,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>
    /// Votes for every row of a block. Row <c>r</c>'s neighbours are <c>ids[r*k .. r*k+k)</c> with the matching
    /// <paramref name="scores"/>, best first; id -1 marks a missing neighbour and is skipped.
    /// Writes <c>probabilities[r*C .. r*C+C)</c> (summing to 1, or all 0 when no neighbour voted) and the
    /// predicted class as a 1-based key value (the most probable class; ties go to the smaller class, as
    /// scikit-learn's argmax).
    /// </summary>
    public void Vote(int rows, int k, ReadOnlySpan<int> ids, ReadOnlySpan<float> scores, Span<float> probabilities, Span<uint> predictedKeys)
    {
        Span<float> weights = k <= 256 ? stackalloc float[k] : new float[k];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<int> rowIds = ids.Slice(r * k, k);
            ComputeWeights(rowIds, scores.Slice(r * k, k), weights);
            Span<float> rowProbabilities = probabilities.Slice(r * ClassCount, ClassCount);
            rowProbabilities.Clear();
            double total = 0;
            for (int j = 0; j < k; j++)
            {
                if (rowIds[j] >= 0)
                {
                    rowProbabilities[_classOfRow[rowIds[j]]] += weights[j];
                    total += weights[j];
                }
            }

            int best = 0;
            if (total > 0)
            {
                float scale = (float)(1.0 / total);
                for (int c = 0; c < ClassCount; c++)
                {
                    rowProbabilities[c] *= scale;
                    if (rowProbabilities[c] > rowProbabilities[best])
                    {
                        best = c;
                    }
                }
            }

            predictedKeys[r] = (uint)best + 1;
        }
    }

    private void ComputeWeights(ReadOnlySpan<int> ids, ReadOnlySpan<float> scores, Span<float> weights)
    {
        switch (_weighting)
        {
            case NeighborWeighting.Uniform:
                weights.Fill(1f);
                break;
            case NeighborWeighting.InverseDistance:
                InverseDistanceWeights(ids, scores, weights);
                break;
            default:
                SoftmaxWeights(ids, scores, weights);
                break;
        }
    }

    private void InverseDistanceWeights(ReadOnlySpan<int> ids, ReadOnlySpan<float> scores, Span<float> weights)
    {
        bool anyExact = false;
        for (int j = 0; j < ids.Length; j++)
        {
            anyExact |= ids[j] >= 0 && ScoreToDistance(_metric, scores[j]) == 0f;
        }

        for (int j = 0; j < ids.Length; j++)
        {
            float distance = ids[j] >= 0 ? ScoreToDistance(_metric, scores[j]) : float.PositiveInfinity;
            weights[j] = anyExact ? (distance == 0f ? 1f : 0f) : 1f / distance;
        }
    }

    private void SoftmaxWeights(ReadOnlySpan<int> ids, ReadOnlySpan<float> scores, Span<float> weights)
    {
        // Similarity: minus the Euclidean distance, or the cosine / inner-product score itself. Subtracting the
        // largest similarity keeps exp() in range; it cancels in the normalisation.
        float largest = float.NegativeInfinity;
        for (int j = 0; j < ids.Length; j++)
        {
            weights[j] = ids[j] < 0 ? float.NegativeInfinity
                : _metric == NeighborMetric.Euclidean ? -ScoreToDistance(_metric, scores[j]) : scores[j];
            largest = MathF.Max(largest, weights[j]);
        }

        for (int j = 0; j < ids.Length; j++)
        {
            weights[j] = ids[j] < 0 ? 0f : MathF.Exp((weights[j] - largest) * _inverseTemperature);
        }
    }
}
