using System.Numerics.Tensors;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The <c>W</c> step of <see cref="CoordinateDescentSolver"/>, streamed: the rows of <c>W</c> are independent given
/// <c>H</c>, so they are updated in blocks of <see cref="BlockRows"/> rows, each block's rows of <c>C = X H^T</c>
/// computed into a buffer of its worker and swept at once; no <c>n x r</c> product is held.
/// </summary>
/// <remarks>
/// <para>
/// The blocks form <see cref="Groups"/> consecutive groups (a fixed count, not one per thread), dealt to the workers in
/// turn; the blocks' first-sweep violations are added in block order, so results do not depend on the thread count.
/// </para>
/// <para>
/// Fused products: when <see cref="Groups"/> partial <c>d x r</c> matrices cost at most 1/16 of the data's stored values
/// (dense data of modest width, Fashion-MNIST's 784 pixels for example), each group also adds <c>X_b^T W_b</c> and
/// <c>W_b^T W_b</c> of its freshly updated blocks to partial sums, while the block's data is still in the cache; the
/// partials, added in group order, are the <c>X^T W</c> and <c>W^T W</c> of the <c>H</c> step, which then needs no
/// second pass over the data. Otherwise (wide sparse data, where the partials would outweigh the data) the caller forms
/// them with one product each.
/// </para>
/// </remarks>
internal sealed class CoefficientBlockUpdate
{
    /// <summary>Rows of <c>W</c> per block: the block's <c>C</c> (<c>rows x r</c>) stays in the L2 cache while its rows are swept.</summary>
    public const int BlockRows = 1024;

    /// <summary>Number of groups of consecutive blocks (fewer when there are fewer blocks).</summary>
    public const int Groups = 8;

    /// <summary>The partial sums of the fused products may take up to this share of the data's stored values.</summary>
    private const int FusedShare = 16;

    private readonly float[][] _cross;
    private readonly double[] _violations;
    private readonly int[] _groupStarts;
    private readonly float[][]? _partialCross;
    private readonly float[][]? _partialGram;
    private readonly ParallelOptions _options;

    /// <summary>Prepares the buffers for <paramref name="input"/> and rank <paramref name="rank"/>.</summary>
    public CoefficientBlockUpdate(FactorizationInput input, int rank, int threads)
    {
        int rows = input.Rows;
        int blockCount = (rows + BlockRows - 1) / BlockRows;
        int groups = Math.Min(Groups, blockCount);
        _groupStarts = new int[groups + 1];
        for (int group = 0; group <= groups; group++)
        {
            _groupStarts[group] = (int)((long)group * blockCount / groups);
        }

        int workers = Math.Min(groups, threads == -1 ? Environment.ProcessorCount : threads);
        _cross = new float[workers][];
        for (int worker = 0; worker < workers; worker++)
        {
            _cross[worker] = new float[Math.Min(rows, BlockRows) * rank];
        }

        _violations = new double[blockCount];
        _options = new ParallelOptions { MaxDegreeOfParallelism = workers };
        long partialValues = (long)groups * input.Columns * rank;
        if (partialValues * FusedShare <= input.NonZeroCount)
        {
            _partialCross = new float[groups][];
            _partialGram = new float[groups][];
            for (int group = 0; group < groups; group++)
            {
                _partialCross[group] = new float[input.Columns * rank];
                _partialGram[group] = new float[rank * rank];
            }
        }
    }

    /// <summary>Whether <see cref="Update"/> also forms <c>X^T W</c> and <c>W^T W</c>.</summary>
    public bool Fused => _partialCross is not null;

    /// <summary>
    /// Sweeps every block of <paramref name="coefficients"/> (up to <paramref name="sweeps"/> per row, accelerated HALS)
    /// against its rows of <c>X H^T</c>; when <see cref="Fused"/>, also writes <c>X^T W</c> into
    /// <paramref name="componentCross"/> and <c>W^T W</c> into <paramref name="coefficientGram"/>. Returns the summed
    /// first-sweep violation.
    /// </summary>
    public double Update(
        FactorizationInput input,
        MatrixView coefficients,
        ReadOnlyMatrixView componentsTransposed,
        ReadOnlyMatrixView componentGram,
        FactorizationSettings settings,
        int sweeps,
        float relativeStop,
        MatrixView componentCross,
        MatrixView coefficientGram)
    {
        int rows = coefficients.Rows;
        int rank = coefficients.Columns;
        int workers = _cross.Length;
        int groups = _groupStarts.Length - 1;
        Parallel.For(0, workers, _options, worker =>
        {
            for (int group = worker; group < groups; group += workers)
            {
                for (int block = _groupStarts[group]; block < _groupStarts[group + 1]; block++)
                {
                    int start = block * BlockRows;
                    int count = Math.Min(BlockRows, rows - start);
                    var cross = new MatrixView(_cross[worker].AsMemory(0, count * rank), count, rank);
                    input.MultiplyComponentRows(componentsTransposed, start, cross);
                    MatrixView blockCoefficients = coefficients.SliceRows(start, count);
                    _violations[block] = NonNegativeCoordinateDescent.SweepRepeatedly(blockCoefficients, componentGram, cross, settings.L1W, settings.L2W, sweeps, relativeStop, maxDegreeOfParallelism: 1);
                    if (_partialCross is not null)
                    {
                        bool first = block == _groupStarts[group];
                        input.AccumulateTransposeRows(start, blockCoefficients, new MatrixView(_partialCross[group], input.Columns, rank), overwrite: first);
                        Gemm.Multiply(blockCoefficients, true, blockCoefficients, false, new MatrixView(_partialGram![group], rank, rank), beta: first ? 0f : 1f, maxDegreeOfParallelism: 1);
                    }
                }
            }
        });

        if (_partialCross is not null)
        {
            Sum(_partialCross, componentCross);
            Sum(_partialGram!, coefficientGram);
        }

        double total = 0;
        foreach (double violation in _violations)
        {
            total += violation;
        }

        return total;
    }

    /// <summary><paramref name="target"/> (contiguous) = the partials added in group order.</summary>
    private static void Sum(float[][] partials, MatrixView target)
    {
        Span<float> values = target.Data.Span[..(target.Rows * target.Columns)];
        partials[0].CopyTo(values);
        for (int group = 1; group < partials.Length; group++)
        {
            TensorPrimitives.Add(values, partials[group], values);
        }
    }
}
