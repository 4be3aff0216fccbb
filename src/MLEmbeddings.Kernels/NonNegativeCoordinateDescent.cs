using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Cyclic coordinate descent for non-negative least squares in Gram form, the inner step of HALS
/// (hierarchical alternating least squares) NMF and of scikit-learn's <c>cd</c> solver. Each row <c>f</c> of a
/// factor (<c>m x r</c>) minimises <c>0.5 f G f^T - f c^T + l1 sum(f) + 0.5 l2 ||f||^2</c> with <c>f &gt;= 0</c>,
/// where <c>G</c> is the <c>r x r</c> Gram matrix of the other factor and <c>c</c> the matching row of the cross
/// term (for the <c>W</c> update of <c>X ~ W H</c>: <c>G = H H^T</c>, <c>C = X H^T</c>).
/// </summary>
/// <remarks>
/// <para>
/// One sweep visits the components <c>t = 0 .. r-1</c> in order and, for every row, takes the exact minimiser along
/// that coordinate: <c>g = (f G)_t + l2 f_t - (c_t - l1)</c>, <c>f_t = max(0, f_t - g / (G_tt + l2))</c> (skipped when
/// <c>G_tt + l2 = 0</c>). The sweep also sums the projected-gradient violation <c>|pg|</c> with <c>pg = g</c> when
/// <c>f_t &gt; 0</c> and <c>pg = min(g, 0)</c> when <c>f_t = 0</c>, scikit-learn's convergence measure.
/// </para>
/// <para>
/// Rows are independent, so the kernel runs blocks of rows in the lanes of one vector (16, 8 or 4 rows by
/// <see cref="KernelDispatch.Width"/>): each block is transposed into a small component-major buffer, and a sweep
/// costs <c>r^2</c> fused multiply-adds per block. Every row's arithmetic is the same whichever rows share its
/// block, and blocks are split between threads in a fixed way, so results are bit-identical for every
/// <c>maxDegreeOfParallelism</c>.
/// </para>
/// </remarks>
public static class NonNegativeCoordinateDescent
{
    private const int RowsPerTask = 256;

    /// <summary>
    /// Runs one sweep over every row of <paramref name="factor"/> in place and returns the summed violation
    /// (scikit-learn's <c>_update_cdnmf_fast</c>, whose <c>HHt</c> and <c>XHt</c> are <paramref name="gram"/> and
    /// <paramref name="cross"/> with <c>l2</c> added to the diagonal and <c>l1</c> subtracted).
    /// </summary>
    /// <param name="factor">The non-negative factor rows <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="gram">The Gram matrix <c>G</c>, <c>r x r</c>, symmetric positive semi-definite.</param>
    /// <param name="cross">The cross term <c>C</c>, <c>m x r</c>.</param>
    /// <param name="l1">L1 penalty on the factor, 0 or more.</param>
    /// <param name="l2">L2 penalty on the factor, 0 or more.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The sum of <c>|pg|</c> over every row and component, before each coordinate's update.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A penalty is negative or not finite, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static double Sweep(MatrixView factor, ReadOnlyMatrixView gram, ReadOnlyMatrixView cross, float l1 = 0f, float l2 = 0f, int maxDegreeOfParallelism = -1)
    {
        int threads = Validate(factor, gram, cross, l1, l2, maxDegreeOfParallelism);
        var settings = new Settings(gram, l1, l2, tolerance: 0f, maximumSweeps: 1, countUnconverged: false);
        return Run(factor, cross, settings, threads);
    }

    /// <summary>
    /// Runs up to <paramref name="maximumSweeps"/> sweeps over each row of <paramref name="factor"/> in place, a row
    /// stopping once a sweep's violation is at most <paramref name="relativeStop"/> times its first sweep's, and returns
    /// the summed violation of the first sweep (the accelerated HALS update of Gillis and Glineur 2012, with the stop
    /// rule applied per row). The rows are independent given <paramref name="gram"/> and <paramref name="cross"/>, so
    /// each row's sweeps run while its values stay in registers.
    /// </summary>
    /// <param name="factor">The non-negative factor rows <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="gram">The Gram matrix <c>G</c>, <c>r x r</c>, symmetric positive semi-definite.</param>
    /// <param name="cross">The cross term <c>C</c>, <c>m x r</c>.</param>
    /// <param name="l1">L1 penalty on the factor, 0 or more.</param>
    /// <param name="l2">L2 penalty on the factor, 0 or more.</param>
    /// <param name="maximumSweeps">Most sweeps per row, at least 1; 1 is <see cref="Sweep"/>.</param>
    /// <param name="relativeStop">Violation, relative to the row's first sweep, at which the row stops; in <c>[0, 1]</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The sum of <c>|pg|</c> over every row and component in the first sweep, before each coordinate's update.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public static double SweepRepeatedly(MatrixView factor, ReadOnlyMatrixView gram, ReadOnlyMatrixView cross, float l1, float l2, int maximumSweeps, float relativeStop, int maxDegreeOfParallelism = -1)
    {
        int threads = Validate(factor, gram, cross, l1, l2, maxDegreeOfParallelism);
        RequireSweeps(maximumSweeps);
        if (!(relativeStop >= 0f && relativeStop <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeStop), relativeStop, $"'{nameof(relativeStop)}' must be in [0, 1]; got {relativeStop}.");
        }

        var settings = new Settings(gram, l1, l2, relativeStop, maximumSweeps, countUnconverged: false);
        return Run(factor, cross, settings, threads);
    }

    /// <summary>
    /// Repeats sweeps for each row of <paramref name="factor"/> until that row has converged: after sweep <c>k</c> its
    /// violation <c>v_k</c> satisfies <c>v_k / v_1 &lt;= tolerance</c> (or <c>v_1 = 0</c>), or
    /// <paramref name="maximumSweeps"/> sweeps were made. A converged row is no longer changed, so each row's result
    /// does not depend on the other rows: this is how a fitted NMF transforms new rows (from <c>F = 0</c>).
    /// </summary>
    /// <param name="factor">The starting factor rows, <c>m x r</c>, non-negative, updated in place.</param>
    /// <param name="gram">The Gram matrix <c>G</c>, <c>r x r</c>.</param>
    /// <param name="cross">The cross term <c>C</c>, <c>m x r</c>.</param>
    /// <param name="l1">L1 penalty on the factor, 0 or more.</param>
    /// <param name="l2">L2 penalty on the factor, 0 or more.</param>
    /// <param name="tolerance">Relative violation at which a row stops, 0 or more (scikit-learn's <c>tol</c>).</param>
    /// <param name="maximumSweeps">Most sweeps per row, at least 1 (scikit-learn's <c>max_iter</c>).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The number of rows that had not converged after <paramref name="maximumSweeps"/> sweeps.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the operand and both sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public static int Solve(
        MatrixView factor,
        ReadOnlyMatrixView gram,
        ReadOnlyMatrixView cross,
        float l1,
        float l2,
        float tolerance,
        int maximumSweeps,
        int maxDegreeOfParallelism = -1)
    {
        int threads = Validate(factor, gram, cross, l1, l2, maxDegreeOfParallelism);
        if (!(tolerance >= 0f) || !float.IsFinite(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"'{nameof(tolerance)}' must be finite and 0 or more; got {tolerance}.");
        }

        RequireSweeps(maximumSweeps);
        var settings = new Settings(gram, l1, l2, tolerance, maximumSweeps, countUnconverged: true);
        return (int)Run(factor, cross, settings, threads);
    }

    private static int Validate(MatrixView factor, ReadOnlyMatrixView gram, ReadOnlyMatrixView cross, float l1, float l2, int maxDegreeOfParallelism)
    {
        int rank = factor.Columns;
        MatrixShape.RequireRows(nameof(gram), gram.Rows, rank);
        MatrixShape.RequireColumns(nameof(gram), gram.Columns, rank);
        MatrixShape.RequireRows(nameof(cross), cross.Rows, factor.Rows);
        MatrixShape.RequireColumns(nameof(cross), cross.Columns, rank);
        RequirePenalty(l1, nameof(l1));
        RequirePenalty(l2, nameof(l2));
        return DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
    }

    private static void RequireSweeps(int maximumSweeps)
    {
        if (maximumSweeps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumSweeps), maximumSweeps, $"'{nameof(maximumSweeps)}' must be at least 1; got {maximumSweeps}.");
        }
    }

    private static void RequirePenalty(float value, string name)
    {
        if (!(value >= 0f) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite and 0 or more; got {value}.");
        }
    }

    /// <summary>Sweeps (or solves) every task's rows; returns the summed violation, or the count of unconverged rows.</summary>
    private static double Run(MatrixView factor, ReadOnlyMatrixView cross, Settings settings, int threads)
    {
        int rows = factor.Rows;
        int rank = factor.Columns;
        if (rows == 0 || rank == 0)
        {
            return 0;
        }

        VectorWidth width = KernelDispatch.Width;
        int lanes = Lanes(width);
        int tasks = (rows + RowsPerTask - 1) / RowsPerTask;
        int bufferLength = ((2 * rank) + 3) * lanes;
        if (threads == 1 || tasks == 1)
        {
            // The same per-task sums added in the same order as below, without the task array and the scheduler.
            float[] single = ArrayPool<float>.Shared.Rent(bufferLength);
            double sum = 0;
            for (int start = 0; start < rows; start += RowsPerTask)
            {
                int count = Math.Min(RowsPerTask, rows - start);
                sum += RunRows(width, factor.SliceRows(start, count), cross.SliceRows(start, count), settings, single);
            }

            ArrayPool<float>.Shared.Return(single);
            return sum;
        }

        var results = new double[tasks];
        Parallel.For(
            0,
            tasks,
            DegreeOfParallelism.Options(threads),
            () => ArrayPool<float>.Shared.Rent(bufferLength),
            (task, _, buffer) =>
            {
                int start = task * RowsPerTask;
                int count = Math.Min(RowsPerTask, rows - start);
                results[task] = RunRows(width, factor.SliceRows(start, count), cross.SliceRows(start, count), settings, buffer);
                return buffer;
            },
            buffer => ArrayPool<float>.Shared.Return(buffer));

        double total = 0;
        foreach (double result in results)
        {
            total += result;
        }

        return total;
    }

    private static int Lanes(VectorWidth width) => width switch
    {
        VectorWidth.Vector512 => Vector512<float>.Count,
        VectorWidth.Vector256 => Vector256<float>.Count,
        VectorWidth.Vector128 => Vector128<float>.Count,
        _ => 1,
    };

    private static double RunRows(VectorWidth width, MatrixView factor, ReadOnlyMatrixView cross, Settings settings, float[] buffer) => width switch
    {
        VectorWidth.Vector512 => RunBlocks<Simd512Operations, Vector512<float>>(factor, cross, settings, buffer),
        VectorWidth.Vector256 => RunBlocks<Simd256Operations, Vector256<float>>(factor, cross, settings, buffer),
        VectorWidth.Vector128 => RunBlocks<Simd128Operations, Vector128<float>>(factor, cross, settings, buffer),
        _ => RunScalar(factor, cross, settings),
    };

    /// <summary>
    /// Processes the rows in blocks of one vector's lanes. The block's factor and cross rows are transposed into
    /// <paramref name="buffer"/> (component-major, zero-padded lanes past the last row, which stay zero and add no
    /// violation); lane flags and per-lane violations follow them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double RunBlocks<TSimd, TVector>(MatrixView factor, ReadOnlyMatrixView cross, Settings settings, float[] buffer)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        int lanes = TSimd.Count;
        int rank = factor.Columns;
        Span<float> local = buffer.AsSpan(0, rank * lanes);
        Span<float> crossLocal = buffer.AsSpan(rank * lanes, rank * lanes);
        Span<float> flags = buffer.AsSpan(2 * rank * lanes, lanes);
        Span<float> laneViolation = buffer.AsSpan((2 * rank * lanes) + lanes, lanes);
        Span<float> firstViolation = buffer.AsSpan((2 * rank * lanes) + (2 * lanes), lanes);
        ref float localStart = ref MemoryMarshal.GetReference(local);
        ref float crossStart = ref MemoryMarshal.GetReference(crossLocal);
        ref float flagStart = ref MemoryMarshal.GetReference(flags);
        double total = 0;
        for (int start = 0; start < factor.Rows; start += lanes)
        {
            int count = Math.Min(lanes, factor.Rows - start);
            Gather(factor, start, count, lanes, local);
            Gather(cross, start, count, lanes, crossLocal);
            if (settings.MaximumSweeps == 1 && !settings.CountUnconverged)
            {
                TVector all = TSimd.LastLanesMask(lanes);
                TVector violation = SweepBlock<TSimd, TVector>(ref localStart, ref crossStart, settings, all, TSimd.Zero);
                total += TSimd.Sum(violation);
            }
            else
            {
                flags.Clear();
                flags[..count].Fill(1f);
                int active = count;
                for (int sweep = 1; sweep <= settings.MaximumSweeps && active > 0; sweep++)
                {
                    TVector flagVector = TSimd.Load(ref flagStart);
                    TVector half = TSimd.Broadcast(0.5f);
                    TVector violation = SweepBlock<TSimd, TVector>(ref localStart, ref crossStart, settings, TSimd.LessThan(half, flagVector), TSimd.LessThan(flagVector, half));
                    total += sweep == 1 && !settings.CountUnconverged ? TSimd.Sum(violation) : 0;
                    TSimd.Store(violation, ref MemoryMarshal.GetReference(laneViolation));
                    active = UpdateFlags(flags, laneViolation, firstViolation, sweep, settings.Tolerance);
                }

                total += settings.CountUnconverged ? active : 0;
            }

            Scatter(local, lanes, factor, start, count);
        }

        return total;
    }

    /// <summary>
    /// One sweep over the block's components. Lanes in <paramref name="inactive"/> keep their values (their mask
    /// lanes are exclusive with <paramref name="active"/>). Returns the per-lane violation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector SweepBlock<TSimd, TVector>(ref float factor, ref float cross, Settings settings, TVector active, TVector inactive)
        where TSimd : ISimdOperations<TVector>
        where TVector : struct
    {
        int lanes = TSimd.Count;
        int rank = settings.Rank;
        ref float gram = ref MemoryMarshal.GetReference(settings.Gram.Span);
        TVector zero = TSimd.Zero;
        TVector absoluteMask = TSimd.Broadcast(BitConverter.Int32BitsToSingle(int.MaxValue));
        TVector l1 = TSimd.Broadcast(settings.L1);
        TVector l2 = TSimd.Broadcast(settings.L2);
        TVector violation = zero;
        ref float steps = ref MemoryMarshal.GetArrayDataReference(settings.Steps);
        for (int t = 0; t < rank; t++)
        {
            ref float gramRow = ref Unsafe.Add(ref gram, t * settings.GramStride);

            // Eight independent chains keep both FMA pipes busy despite the FMA latency.
            TVector sum0 = zero;
            TVector sum1 = zero;
            TVector sum2 = zero;
            TVector sum3 = zero;
            TVector sum4 = zero;
            TVector sum5 = zero;
            TVector sum6 = zero;
            TVector sum7 = zero;
            int s = 0;
            for (; s <= rank - 8; s += 8)
            {
                ref float column = ref Unsafe.Add(ref factor, s * lanes);
                sum0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s)), TSimd.Load(ref column), sum0);
                sum1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 1)), TSimd.Load(ref Unsafe.Add(ref column, lanes)), sum1);
                sum2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 2)), TSimd.Load(ref Unsafe.Add(ref column, 2 * lanes)), sum2);
                sum3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 3)), TSimd.Load(ref Unsafe.Add(ref column, 3 * lanes)), sum3);
                sum4 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 4)), TSimd.Load(ref Unsafe.Add(ref column, 4 * lanes)), sum4);
                sum5 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 5)), TSimd.Load(ref Unsafe.Add(ref column, 5 * lanes)), sum5);
                sum6 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 6)), TSimd.Load(ref Unsafe.Add(ref column, 6 * lanes)), sum6);
                sum7 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s + 7)), TSimd.Load(ref Unsafe.Add(ref column, 7 * lanes)), sum7);
            }

            for (; s < rank; s++)
            {
                sum0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref gramRow, s)), TSimd.Load(ref Unsafe.Add(ref factor, s * lanes)), sum0);
            }

            sum0 = TSimd.Add(TSimd.Add(sum0, sum4), TSimd.Add(sum1, sum5));
            sum2 = TSimd.Add(TSimd.Add(sum2, sum6), TSimd.Add(sum3, sum7));
            ref float slot = ref Unsafe.Add(ref factor, t * lanes);
            TVector value = TSimd.Load(ref slot);
            TVector target = TSimd.Subtract(TSimd.Load(ref Unsafe.Add(ref cross, t * lanes)), l1);
            TVector gradient = TSimd.Subtract(TSimd.MultiplyAdd(l2, value, TSimd.Add(sum0, sum2)), target);

            // pg = g where f_t > 0, min(g, 0) where f_t = 0.
            TVector counted = TSimd.BitwiseOr(TSimd.LessThan(zero, value), TSimd.LessThan(gradient, zero));
            violation = TSimd.Add(violation, TSimd.BitwiseAnd(TSimd.BitwiseAnd(gradient, counted), absoluteMask));

            TVector updated = TSimd.MultiplyAdd(gradient, TSimd.Broadcast(Unsafe.Add(ref steps, t)), value);
            updated = TSimd.BitwiseAnd(updated, TSimd.LessThan(zero, updated));
            TSimd.Store(TSimd.BitwiseOr(TSimd.BitwiseAnd(updated, active), TSimd.BitwiseAnd(value, inactive)), ref slot);
        }

        return TSimd.BitwiseAnd(violation, active);
    }

    /// <summary>Marks lanes that converged after this sweep as inactive; returns how many lanes are still active.</summary>
    private static int UpdateFlags(Span<float> flags, ReadOnlySpan<float> violation, Span<float> first, int sweep, float tolerance)
    {
        int active = 0;
        for (int lane = 0; lane < flags.Length; lane++)
        {
            if (flags[lane] == 0f)
            {
                continue;
            }

            if (sweep == 1)
            {
                first[lane] = violation[lane];
            }

            if (Converged(violation[lane], first[lane], tolerance))
            {
                flags[lane] = 0f;
            }
            else
            {
                active++;
            }
        }

        return active;
    }

    private static bool Converged(float violation, float first, float tolerance) => first == 0f || violation / first <= tolerance;

    /// <summary>The scalar path: the same arithmetic, one row at a time (also used when hardware intrinsics are off).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double RunScalar(MatrixView factor, ReadOnlyMatrixView cross, Settings settings)
    {
        double total = 0;
        for (int i = 0; i < factor.Rows; i++)
        {
            Span<float> row = factor.Row(i);
            ReadOnlySpan<float> target = cross.Row(i);
            float first = 0f;
            bool converged = false;
            for (int sweep = 1; sweep <= settings.MaximumSweeps && !converged; sweep++)
            {
                float violation = SweepRow(row, target, settings);
                first = sweep == 1 ? violation : first;
                converged = Converged(violation, first, settings.Tolerance);
            }

            total += !settings.CountUnconverged ? first : converged ? 0 : 1;
        }

        return total;
    }

    private static float SweepRow(Span<float> row, ReadOnlySpan<float> cross, Settings settings)
    {
        ReadOnlySpan<float> gram = settings.Gram.Span;
        int rank = settings.Rank;
        float violation = 0f;
        Span<float> sums = stackalloc float[8];
        for (int t = 0; t < rank; t++)
        {
            ReadOnlySpan<float> gramRow = gram.Slice(t * settings.GramStride, rank);
            sums.Clear();
            int s = 0;
            for (; s <= rank - 8; s += 8)
            {
                for (int chain = 0; chain < 8; chain++)
                {
                    sums[chain] += gramRow[s + chain] * row[s + chain];
                }
            }

            for (; s < rank; s++)
            {
                sums[0] += gramRow[s] * row[s];
            }

            float sum = ((sums[0] + sums[4]) + (sums[1] + sums[5])) + ((sums[2] + sums[6]) + (sums[3] + sums[7]));
            float value = row[t];
            float gradient = ((settings.L2 * value) + sum) - (cross[t] - settings.L1);
            float projected = value > 0f ? gradient : Math.Min(gradient, 0f);
            violation += Math.Abs(projected);
            row[t] = Math.Max((gradient * settings.Steps[t]) + value, 0f);
        }

        return violation;
    }

    private static void Gather(ReadOnlyMatrixView rows, int start, int count, int lanes, Span<float> local)
    {
        if (count < lanes)
        {
            local.Clear();
        }

        int columns = rows.Columns;
        ref float target = ref MemoryMarshal.GetReference(local);
        for (int lane = 0; lane < count; lane++)
        {
            ref float source = ref MemoryMarshal.GetReference(rows.Row(start + lane));
            for (int t = 0; t < columns; t++)
            {
                Unsafe.Add(ref target, (t * lanes) + lane) = Unsafe.Add(ref source, t);
            }
        }
    }

    private static void Scatter(ReadOnlySpan<float> local, int lanes, MatrixView rows, int start, int count)
    {
        int columns = rows.Columns;
        ref float source = ref MemoryMarshal.GetReference(local);
        for (int lane = 0; lane < count; lane++)
        {
            ref float target = ref MemoryMarshal.GetReference(rows.Row(start + lane));
            for (int t = 0; t < columns; t++)
            {
                Unsafe.Add(ref target, t) = Unsafe.Add(ref source, (t * lanes) + lane);
            }
        }
    }

    /// <summary>The settings of one call: the Gram matrix, penalties, and the step <c>-1 / (G_tt + l2)</c> per component (0 when <c>G_tt + l2 = 0</c>: no update).</summary>
    private sealed class Settings
    {
        public Settings(ReadOnlyMatrixView gram, float l1, float l2, float tolerance, int maximumSweeps, bool countUnconverged)
        {
            Rank = gram.Rows;
            Gram = gram.Data;
            GramStride = gram.RowStride;
            L1 = l1;
            L2 = l2;
            Tolerance = tolerance;
            MaximumSweeps = maximumSweeps;
            CountUnconverged = countUnconverged;
            Steps = new float[Rank];
            for (int t = 0; t < Rank; t++)
            {
                float hessian = gram[t, t] + l2;
                Steps[t] = hessian != 0f ? -1f / hessian : 0f;
            }
        }

        public int Rank { get; }

        public ReadOnlyMemory<float> Gram { get; }

        public int GramStride { get; }

        public float L1 { get; }

        public float L2 { get; }

        public float Tolerance { get; }

        public int MaximumSweeps { get; }

        /// <summary>True to return the number of rows not converged after the sweeps (<see cref="Solve"/>), false to return the first sweep's summed violation.</summary>
        public bool CountUnconverged { get; }

        public float[] Steps { get; }
    }
}
