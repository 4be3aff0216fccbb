using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The Neighbourhood Components Analysis objective and its gradient (Goldberger et al. 2004; scikit-learn's
/// <c>NeighborhoodComponentsAnalysis._loss_grad_lbfgs</c>), computed in float blocks without ever storing the
/// <c>n x n</c> probability matrix.
/// </summary>
/// <remarks>
/// <para>
/// With <c>y_i = L x_i</c>, <c>d_ij = ||y_i - y_j||^2</c> and <c>p_ij = exp(-d_ij) / sum_(k != i) exp(-d_ik)</c>
/// (<c>p_ii = 0</c>), the objective is <c>f(L) = sum_i p_i</c> with <c>p_i = sum_(j in class(i)) p_ij</c>, the expected
/// number of rows a stochastic nearest-neighbour rule classifies correctly. With <c>w_ij = p_ij ([j in class(i)] - p_i)</c>
/// and <c>S = W + W^T</c>, the gradient is <c>df/dL = 2 Q^T X</c> where <c>Q_i = sum_j S_ij (y_j - y_i)</c>.
/// </para>
/// <para>
/// Two passes over blocks of <c>64 x 512</c> pairs: the first streams each row's softmax (running minimum distance,
/// rescaled sums) to get <c>log Z_i</c> and <c>p_i</c>; the second recomputes the distances, forms both
/// <c>p_ij</c> and <c>p_ji</c> from the stored row statistics, and accumulates <c>Q = S Y</c>. Distances come from the
/// Gram expansion <c>||y_i||^2 + ||y_j||^2 - 2 y_i.y_j</c>. Both block products use <c>Y^T</c> (<c>r x n</c>, formed once
/// per evaluation) and need no allocation: the Gram block row is <c>r</c> vector multiply-adds of rows of <c>Y^T</c>
/// (no horizontal sums), and <c>S Y</c> is <see cref="VectorOperations"/>' SIMD row-block dot kernel of each row of
/// <c>S</c> against the rows of <c>Y^T</c>. The two whole products <c>Y = X L^T</c> and <c>2 Q^T X</c> use <see cref="Gemm"/>.
/// Memory: <c>O(n r)</c> plus one <c>64 x 512</c> block per thread; work: about <c>6 n^2 r</c> flops and
/// <c>3 n^2</c> exponentials. Rows must be class-sorted (<see cref="ClassSortedRows"/>) so that same-class sums are
/// range sums. Blocks of rows are independent, so the result does not depend on the thread count.
/// </para>
/// </remarks>
internal sealed class NeighborhoodComponentsObjective
{
    private const int RowBlock = 64;
    private const int ColumnBlock = 512;

    private readonly int _dimension;
    private readonly int _rank;
    private readonly int _threads;
    private readonly float[] _transformation;
    private readonly float[] _projected;
    private readonly float[] _transposed;
    private readonly float[] _squaredNorms;
    private readonly float[] _offsets;
    private readonly float[] _probabilities;
    private readonly double[] _rowObjectives; // p_i in double: the float copy rounds p_i near 1 to steps of 6e-8, too coarse for the last line searches
    private readonly float[] _accumulated;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    /// <summary>Allocates the buffers for up to <paramref name="capacity"/> rows.</summary>
    public NeighborhoodComponentsObjective(int capacity, int dimension, int rank, int maxDegreeOfParallelism)
    {
        _dimension = dimension;
        _rank = rank;
        _threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        _transformation = new float[checked(rank * dimension)];
        _projected = new float[checked(capacity * rank)];
        _transposed = new float[_projected.Length];
        _squaredNorms = new float[capacity];
        _offsets = new float[capacity];
        _probabilities = new float[capacity];
        _rowObjectives = new double[capacity];
        _accumulated = new float[checked(capacity * rank)];
    }

    /// <summary>Number of entries of <c>L</c>: <c>rank * dimension</c>.</summary>
    public int ParameterCount => _transformation.Length;

    /// <summary>
    /// Returns <c>f(L)</c> and writes <c>df/dL</c> (row-major <c>rank x dimension</c>) for the class-sorted
    /// <paramref name="rows"/>; <paramref name="classStarts"/> and <paramref name="classOfRow"/> are as in
    /// <see cref="ClassSortedRows"/>.
    /// </summary>
    public double Evaluate(ReadOnlyMatrixView rows, int[] classStarts, int[] classOfRow, ReadOnlySpan<float> transformation, Span<float> gradient)
    {
        int count = rows.Rows;
        transformation.CopyTo(_transformation);
        var projected = new MatrixView(_projected, count, _rank);
        Gemm.MultiplyTransposed(rows, new ReadOnlyMatrixView(_transformation, _rank, _dimension), projected, maxDegreeOfParallelism: _threads);
        VectorOperations.SquaredL2Norms(projected, _squaredNorms.AsSpan(0, count));
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < _rank; k++)
            {
                _transposed[(k * count) + i] = _projected[(i * _rank) + k];
            }
        }

        int blocks = (count + RowBlock - 1) / RowBlock;
        ParallelOptions options = DegreeOfParallelism.Options(_threads);
        Parallel.For(0, blocks, options, block => RunBlock(block, count, classStarts, classOfRow, secondPass: false));
        Parallel.For(0, blocks, options, block => RunBlock(block, count, classStarts, classOfRow, secondPass: true));

        var accumulated = new MatrixView(_accumulated, count, _rank);
        Gemm.Multiply(accumulated, true, rows, false, new MatrixView(_transformation, _rank, _dimension), alpha: 2f, maxDegreeOfParallelism: _threads);
        _transformation.AsSpan().CopyTo(gradient);

        double objective = 0;
        for (int i = 0; i < count; i++)
        {
            objective += _rowObjectives[i];
        }

        return objective;
    }

    private void RunBlock(int block, int count, int[] classStarts, int[] classOfRow, bool secondPass)
    {
        if (!_workspaces.TryTake(out Workspace? workspace))
        {
            workspace = new Workspace(_rank);
        }

        int first = block * RowBlock;
        int rowsInBlock = Math.Min(RowBlock, count - first);
        var projected = new ReadOnlyMatrixView(_projected, count, _rank);
        ReadOnlyMatrixView blockRows = projected.SliceRows(first, rowsInBlock);
        Span<double> minimum = workspace.Minimum.AsSpan(0, rowsInBlock);
        Span<double> total = workspace.Total.AsSpan(0, rowsInBlock);
        Span<double> sameClass = workspace.SameClass.AsSpan(0, rowsInBlock);
        minimum.Fill(double.PositiveInfinity);
        total.Clear();
        sameClass.Clear();
        var accumulated = new MatrixView(_accumulated, count, _rank).SliceRows(first, rowsInBlock);
        if (secondPass)
        {
            accumulated.Fill(0f);
        }

        for (int start = 0; start < count; start += ColumnBlock)
        {
            int columns = Math.Min(ColumnBlock, count - start);
            var distances = new MatrixView(workspace.Block, rowsInBlock, columns);
            var transposedColumns = new ReadOnlyMatrixView(_transposed.AsMemory(start, ((_rank - 1) * count) + columns), _rank, columns, count);
            ReadOnlySpan<float> columnNorms = _squaredNorms.AsSpan(start, columns);
            for (int a = 0; a < rowsInBlock; a++)
            {
                int i = first + a;
                Span<float> row = distances.Row(a);

                // -2 y_i.y_j for the block's columns j, accumulated over the r coordinates from Y^T (no horizontal sums).
                ReadOnlySpan<float> y = blockRows.Row(a);
                row.Clear();
                for (int k = 0; k < _rank; k++)
                {
                    TensorPrimitives.MultiplyAdd(_transposed.AsSpan((k * count) + start, columns), -2f * y[k], row, row);
                }

                TensorPrimitives.Add(row, columnNorms, row);
                TensorPrimitives.Add(row, _squaredNorms[i], row);
                TensorPrimitives.Max(row, 0f, row);
                if (i >= start && i < start + columns)
                {
                    row[i - start] = float.PositiveInfinity;
                }

                int c = classOfRow[i];
                int sameStart = Math.Clamp(classStarts[c] - start, 0, columns);
                int sameEnd = Math.Clamp(classStarts[c + 1] - start, 0, columns);
                if (secondPass)
                {
                    total[a] += Weigh(row, workspace, _offsets[i], _probabilities[i], _offsets.AsSpan(start, columns), _probabilities.AsSpan(start, columns), sameStart, sameEnd);

                    // Q_i += sum_j S_ij y_j, as r dot products of S's row with the columns of Y (rows of Y^T).
                    Span<float> contribution = workspace.Contribution.AsSpan(0, _rank);
                    VectorOperations.Dot(row, transposedColumns, contribution);
                    TensorPrimitives.Add(accumulated.Row(a), contribution, accumulated.Row(a));
                }
                else
                {
                    Accumulate(row, ref minimum[a], ref total[a], ref sameClass[a], sameStart, sameEnd);
                }
            }

        }

        for (int a = 0; a < rowsInBlock; a++)
        {
            int i = first + a;
            if (secondPass)
            {
                // Q_i = sum_j S_ij y_j - (sum_j S_ij) y_i.
                TensorPrimitives.MultiplyAdd(blockRows.Row(a), (float)-total[a], accumulated.Row(a), accumulated.Row(a));
            }
            else
            {
                _offsets[i] = (float)(minimum[a] - Math.Log(total[a]));
                _rowObjectives[i] = sameClass[a] / total[a];
                _probabilities[i] = (float)_rowObjectives[i];
            }
        }

        _workspaces.Add(workspace);
    }

    /// <summary>First pass: folds one block of a row's distances into its running softmax statistics.</summary>
    private static void Accumulate(Span<float> row, ref double minimum, ref double total, ref double sameClass, int sameStart, int sameEnd)
    {
        double blockMinimum = TensorPrimitives.Min<float>(row);
        if (blockMinimum < minimum)
        {
            double rescale = Math.Exp(blockMinimum - minimum);
            total *= rescale;
            sameClass *= rescale;
            minimum = blockMinimum;
        }

        TensorPrimitives.Subtract((float)minimum, row, row);
        TensorPrimitives.Exp(row, row);
        total += TensorPrimitives.Sum<float>(row);
        if (sameEnd > sameStart)
        {
            sameClass += TensorPrimitives.Sum<float>(row[sameStart..sameEnd]);
        }
    }

    /// <summary>
    /// Second pass: replaces a row's distances with <c>S_ij = p_ij ([same] - p_i) + p_ji ([same] - p_j)</c> and returns
    /// their sum.
    /// </summary>
    private static double Weigh(Span<float> row, Workspace workspace, float offset, float probability, ReadOnlySpan<float> columnOffsets, ReadOnlySpan<float> columnProbabilities, int sameStart, int sameEnd)
    {
        Span<float> forward = workspace.Forward.AsSpan(0, row.Length);
        Span<float> backward = workspace.Backward.AsSpan(0, row.Length);
        TensorPrimitives.Subtract(offset, row, forward);
        TensorPrimitives.Exp(forward, forward);
        TensorPrimitives.Subtract(columnOffsets, row, backward);
        TensorPrimitives.Exp(backward, backward);
        TensorPrimitives.Multiply(backward, columnProbabilities, row);
        TensorPrimitives.MultiplyAdd(forward, probability, row, row);
        TensorPrimitives.Negate(row, row);
        if (sameEnd > sameStart)
        {
            Span<float> same = row[sameStart..sameEnd];
            TensorPrimitives.Add(same, forward[sameStart..sameEnd], same);
            TensorPrimitives.Add(same, backward[sameStart..sameEnd], same);
        }

        return TensorPrimitives.Sum<float>(row);
    }

    private sealed class Workspace(int rank)
    {
        public float[] Block { get; } = new float[RowBlock * ColumnBlock];

        public float[] Forward { get; } = new float[ColumnBlock];

        public float[] Backward { get; } = new float[ColumnBlock];

        public float[] Contribution { get; } = new float[rank];

        public double[] Minimum { get; } = new double[RowBlock];

        public double[] Total { get; } = new double[RowBlock];

        public double[] SameClass { get; } = new double[RowBlock];
    }
}
