using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The Large Margin Nearest Neighbour loss (Weinberger and Saul 2009) and its gradient with respect to <c>L</c>, on a
/// fixed active set of impostor candidates:
/// <c>f(L) = (1 - mu) sum_(i, j ~> i) d_ij + mu sum_(i, j ~> i, l) [1 + d_ij - d_il]_+</c>, with
/// <c>d_ab = ||L (x_a - x_b)||^2</c>, <c>j ~> i</c> the target neighbours of row <c>i</c> and <c>l</c> its impostor
/// candidates (rows of other classes).
/// </summary>
/// <remarks>
/// Every term is <c>c_ab d_ab</c> for a pair weight <c>c_ab</c> (pull weight plus active hinges), so the gradient is
/// <c>2 sum c_ab (y_a - y_b)(x_a - x_b)^T = 2 Z^T X</c> with <c>Z_a += c_ab (y_a - y_b)</c>, <c>Z_b -= c_ab (y_a - y_b)</c>.
/// Distances and hinges are computed per row in parallel; <c>Z</c> is accumulated in a fixed order, so the result
/// does not depend on the thread count. At a hinge's kink the inactive side is taken.
/// </remarks>
internal sealed class LargeMarginObjective
{
    private readonly ReadOnlyMatrixView _rows;
    private readonly int[] _targets;
    private readonly int _targetCount;
    private readonly double _pushWeight;
    private readonly int _rank;
    private readonly int _threads;
    private readonly float[] _transformation;
    private readonly float[] _projected;
    private readonly float[] _accumulated;
    private readonly float[] _targetWeights;
    private readonly double[] _rowLoss;
    private readonly float[] _difference;
    private readonly long[] _activeCounts;
    private int[] _candidates = [];
    private int _candidateCount;
    private float[] _candidateWeights = [];

    /// <summary>Binds the class-sorted rows and their target neighbours (<c>rows * targetCount</c> ids, -1 for none).</summary>
    public LargeMarginObjective(ReadOnlyMatrixView rows, int[] targets, int targetCount, double pushWeight, int rank, int maxDegreeOfParallelism)
    {
        _rows = rows;
        _targets = targets;
        _targetCount = targetCount;
        _pushWeight = pushWeight;
        _rank = rank;
        _threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        _transformation = new float[checked(rank * rows.Columns)];
        _projected = new float[checked(rows.Rows * rank)];
        _accumulated = new float[_projected.Length];
        _targetWeights = new float[targets.Length];
        _rowLoss = new double[rows.Rows];
        _difference = new float[rank];
        _activeCounts = new long[rows.Rows];
    }

    /// <summary>The projected rows <c>Y = X L^T</c> of the last <see cref="Project"/> or <see cref="Evaluate"/>.</summary>
    public ReadOnlyMatrixView Projected => new(_projected, _rows.Rows, _rank);

    /// <summary>Number of hinge terms active at the last evaluation.</summary>
    public long ActiveTriplets { get; private set; }

    /// <summary>Sets the impostor candidates: <c>candidateCount</c> ids per row, -1 for none.</summary>
    public void SetCandidates(int[] candidates, int candidateCount)
    {
        _candidates = candidates;
        _candidateCount = candidateCount;
        _candidateWeights = new float[candidates.Length];
    }

    /// <summary>Computes <c>Y = X L^T</c> for <paramref name="transformation"/> (<c>rank x d</c>).</summary>
    public void Project(ReadOnlySpan<double> transformation)
    {
        for (int k = 0; k < transformation.Length; k++)
        {
            _transformation[k] = (float)transformation[k];
        }

        Gemm.MultiplyTransposed(_rows, new ReadOnlyMatrixView(_transformation, _rank, _rows.Columns), new MatrixView(_projected, _rows.Rows, _rank), maxDegreeOfParallelism: _threads);
    }

    /// <summary>Returns <c>f(L)</c> and writes its gradient (<c>rank x d</c>).</summary>
    public double Evaluate(ReadOnlySpan<double> transformation, Span<double> gradient)
    {
        Project(transformation);
        int count = _rows.Rows;
        Parallel.For(0, count, DegreeOfParallelism.Options(_threads), i => _activeCounts[i] = WeighRow(i));

        Array.Clear(_accumulated);
        double loss = 0;
        long triplets = 0;
        for (int i = 0; i < count; i++)
        {
            loss += _rowLoss[i];
            triplets += _activeCounts[i];
            Scatter(i, _targets.AsSpan(i * _targetCount, _targetCount), _targetWeights.AsSpan(i * _targetCount, _targetCount));
            Scatter(i, _candidates.AsSpan(i * _candidateCount, _candidateCount), _candidateWeights.AsSpan(i * _candidateCount, _candidateCount));
        }

        ActiveTriplets = triplets;
        var product = new MatrixView(_transformation, _rank, _rows.Columns);
        Gemm.Multiply(new ReadOnlyMatrixView(_accumulated, count, _rank), true, _rows, false, product, alpha: 2f, maxDegreeOfParallelism: _threads);
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] = _transformation[k];
        }

        return loss;
    }

    /// <summary>Distances, hinges, loss and pair weights of row <paramref name="i"/>; returns its active hinge count.</summary>
    private long WeighRow(int i)
    {
        var projected = new ReadOnlyMatrixView(_projected, _rows.Rows, _rank);
        ReadOnlySpan<float> y = projected.Row(i);
        Span<int> targets = _targets.AsSpan(i * _targetCount, _targetCount);
        Span<int> candidates = _candidates.AsSpan(i * _candidateCount, _candidateCount);
        Span<float> targetWeights = _targetWeights.AsSpan(i * _targetCount, _targetCount);
        Span<float> candidateWeights = _candidateWeights.AsSpan(i * _candidateCount, _candidateCount);
        Span<float> candidateDistances = candidates.Length <= 256 ? stackalloc float[candidates.Length] : new float[candidates.Length];
        for (int c = 0; c < candidates.Length; c++)
        {
            candidateDistances[c] = candidates[c] < 0 ? float.PositiveInfinity : VectorOperations.SquaredEuclideanDistance(y, projected.Row(candidates[c]));
            candidateWeights[c] = 0f;
        }

        double pull = 0;
        double push = 0;
        long active = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            if (targets[t] < 0)
            {
                targetWeights[t] = 0f;
                continue;
            }

            float targetDistance = VectorOperations.SquaredEuclideanDistance(y, projected.Row(targets[t]));
            pull += targetDistance;
            int hinges = 0;
            for (int c = 0; c < candidates.Length; c++)
            {
                double hinge = 1.0 + targetDistance - candidateDistances[c];
                if (hinge > 0)
                {
                    push += hinge;
                    hinges++;
                    candidateWeights[c] -= (float)_pushWeight;
                }
            }

            targetWeights[t] = (float)((1 - _pushWeight) + (_pushWeight * hinges));
            active += hinges;
        }

        _rowLoss[i] = ((1 - _pushWeight) * pull) + (_pushWeight * push);
        return active;
    }

    private void Scatter(int i, ReadOnlySpan<int> partners, ReadOnlySpan<float> weights)
    {
        var projected = new ReadOnlyMatrixView(_projected, _rows.Rows, _rank);
        var accumulated = new MatrixView(_accumulated, _rows.Rows, _rank);
        ReadOnlySpan<float> y = projected.Row(i);
        Span<float> own = accumulated.Row(i);
        for (int p = 0; p < partners.Length; p++)
        {
            if (partners[p] < 0 || weights[p] == 0f)
            {
                continue;
            }

            TensorPrimitives.Subtract(y, projected.Row(partners[p]), _difference);
            TensorPrimitives.MultiplyAdd(_difference, weights[p], own, own);
            Span<float> other = accumulated.Row(partners[p]);
            TensorPrimitives.MultiplyAdd(_difference, -weights[p], other, other);
        }
    }
}
