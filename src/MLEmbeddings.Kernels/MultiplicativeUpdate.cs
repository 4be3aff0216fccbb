using System.Buffers;
using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Element-wise steps of multiplicative-update NMF for the beta-divergences (Lee and Seung 2001; Fevotte and Idier
/// 2011), in scikit-learn's <c>mu</c> form: <c>F = F * (N / D)^gamma</c>, where the numerator <c>N</c> and the
/// denominator <c>D</c> come from matrix products the caller forms with <see cref="Gemm"/> or
/// <see cref="SparseMatrixProducts"/>, and the ratio of the data to the current reconstruction that those products
/// need for the Kullback-Leibler and Itakura-Saito losses. Also a per-row solver for transforming new rows.
/// </summary>
/// <remarks>
/// Exact zeros in a denominator or a reconstruction are replaced by <see cref="Epsilon"/>, as scikit-learn does, so
/// nothing divides by zero. The element-wise arithmetic runs on <see cref="TensorPrimitives"/>; rows are split
/// between threads in a fixed way and each row is computed alone, so results are bit-identical for every
/// <c>maxDegreeOfParallelism</c>.
/// </remarks>
public static class MultiplicativeUpdate
{
    /// <summary>Single-precision machine epsilon, 2^-23 (scikit-learn's <c>EPSILON</c>): what an exact zero in a denominator or reconstruction becomes.</summary>
    public const float Epsilon = 1.1920929e-7f;

    private const int RowsPerTask = 512;

    /// <summary>
    /// Updates every element of <paramref name="factor"/>: <c>f = f * (n / d')^gamma</c> with
    /// <c>d' = d + l1 + l2 f</c> (an exact 0 becomes <see cref="Epsilon"/>), then zeroes values below
    /// <see cref="MultiplicativeUpdateSettings.ZeroBelow"/>.
    /// </summary>
    /// <param name="factor">The non-negative factor <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="numerator">The numerator <c>N</c>, <c>m x r</c>, non-negative.</param>
    /// <param name="denominator">The denominator <c>D</c>, <c>m x r</c>, non-negative.</param>
    /// <param name="settings">Penalties, exponent and zero threshold.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A penalty is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Apply(MatrixView factor, ReadOnlyMatrixView numerator, ReadOnlyMatrixView denominator, MultiplicativeUpdateSettings settings, int maxDegreeOfParallelism = -1)
    {
        MatrixShape.RequireRows(nameof(denominator), denominator.Rows, factor.Rows);
        MatrixShape.RequireColumns(nameof(denominator), denominator.Columns, factor.Columns);
        ApplyCore(factor, numerator, denominator.Data, denominator.RowStride, settings, maxDegreeOfParallelism, online: null);
    }

    /// <summary>
    /// As the other overload, with the same denominator row for every row of <paramref name="factor"/> (for the
    /// Kullback-Leibler loss the denominator is a row or column sum of the other factor).
    /// </summary>
    /// <param name="factor">The non-negative factor <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="numerator">The numerator <c>N</c>, <c>m x r</c>, non-negative.</param>
    /// <param name="denominatorRow">The denominator of every row, <c>r</c> values, non-negative.</param>
    /// <param name="settings">Penalties, exponent and zero threshold.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A penalty is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Apply(MatrixView factor, ReadOnlyMatrixView numerator, ReadOnlySpan<float> denominatorRow, MultiplicativeUpdateSettings settings, int maxDegreeOfParallelism = -1)
    {
        SpanLengthCheck.Require(nameof(denominatorRow), denominatorRow.Length, factor.Columns, "factor.Columns");
        ApplyCore(factor, numerator, denominatorRow.ToArray(), 0, settings, maxDegreeOfParallelism, online: null);
    }

    /// <summary>
    /// The online (mini-batch) form of <see cref="Apply(MatrixView, ReadOnlyMatrixView, ReadOnlyMatrixView, MultiplicativeUpdateSettings, int)"/>
    /// (Lefevre, Bach and Fevotte 2011; scikit-learn's <c>MiniBatchNMF</c>): with <c>d'</c> as there, the running sums
    /// become <c>A = rho A + n f^(1/gamma)</c> and <c>B = rho B + d'</c>, then <c>f = (A / B)^gamma</c> and values below
    /// <see cref="MultiplicativeUpdateSettings.ZeroBelow"/> become 0.
    /// </summary>
    /// <param name="factor">The factor <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="numerator">This batch's numerator, <c>m x r</c>.</param>
    /// <param name="denominator">This batch's denominator, <c>m x r</c>.</param>
    /// <param name="numeratorSum">The running numerator sum <c>A</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="denominatorSum">The running denominator sum <c>B</c>, <c>m x r</c>, positive, updated in place.</param>
    /// <param name="forget">The decay <c>rho</c> of the old sums, in <c>(0, 1]</c>.</param>
    /// <param name="settings">Penalties, exponent and zero threshold.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="forget"/> is outside <c>(0, 1]</c>, a penalty is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void ApplyOnline(
        MatrixView factor,
        ReadOnlyMatrixView numerator,
        ReadOnlyMatrixView denominator,
        MatrixView numeratorSum,
        MatrixView denominatorSum,
        float forget,
        MultiplicativeUpdateSettings settings,
        int maxDegreeOfParallelism = -1)
    {
        MatrixShape.RequireRows(nameof(denominator), denominator.Rows, factor.Rows);
        MatrixShape.RequireColumns(nameof(denominator), denominator.Columns, factor.Columns);
        ApplyCore(factor, numerator, denominator.Data, denominator.RowStride, settings, maxDegreeOfParallelism, new OnlineSums(factor, numeratorSum, denominatorSum, forget));
    }

    /// <summary>As the other <c>ApplyOnline</c> overload, with the same denominator row for every row of <paramref name="factor"/>.</summary>
    /// <param name="factor">The factor <c>F</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="numerator">This batch's numerator, <c>m x r</c>.</param>
    /// <param name="denominatorRow">This batch's denominator of every row, <c>r</c> values.</param>
    /// <param name="numeratorSum">The running numerator sum <c>A</c>, <c>m x r</c>, updated in place.</param>
    /// <param name="denominatorSum">The running denominator sum <c>B</c>, <c>m x r</c>, positive, updated in place.</param>
    /// <param name="forget">The decay <c>rho</c> of the old sums, in <c>(0, 1]</c>.</param>
    /// <param name="settings">Penalties, exponent and zero threshold.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="forget"/> is outside <c>(0, 1]</c>, a penalty is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void ApplyOnline(
        MatrixView factor,
        ReadOnlyMatrixView numerator,
        ReadOnlySpan<float> denominatorRow,
        MatrixView numeratorSum,
        MatrixView denominatorSum,
        float forget,
        MultiplicativeUpdateSettings settings,
        int maxDegreeOfParallelism = -1)
    {
        SpanLengthCheck.Require(nameof(denominatorRow), denominatorRow.Length, factor.Columns, "factor.Columns");
        ApplyCore(factor, numerator, denominatorRow.ToArray(), 0, settings, maxDegreeOfParallelism, new OnlineSums(factor, numeratorSum, denominatorSum, forget));
    }

    /// <summary>
    /// The Kullback-Leibler ratio in place: <c>p = x / p'</c> for each element, where <c>p'</c> is the reconstruction
    /// <c>p</c> with exact zeros replaced by <see cref="Epsilon"/>.
    /// </summary>
    /// <param name="data">The data <c>X</c>, <c>m x d</c>.</param>
    /// <param name="product">The reconstruction <c>WH</c>, <c>m x d</c>; receives the ratio.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void KullbackLeiblerRatios(ReadOnlyMatrixView data, MatrixView product, int maxDegreeOfParallelism = -1)
    {
        RequireSameShape(nameof(product), product, data);
        ForEachRowBlock(data.Rows, maxDegreeOfParallelism, (start, count) =>
        {
            for (int i = start; i < start + count; i++)
            {
                KullbackLeiblerRatios(data.Row(i), product.Row(i));
            }
        });
    }

    /// <summary>The Kullback-Leibler ratio of one run of values: <c>product[j] = data[j] / product'[j]</c> (see the matrix overload).</summary>
    /// <param name="data">The data values.</param>
    /// <param name="product">The reconstruction at the same positions; receives the ratio.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void KullbackLeiblerRatios(ReadOnlySpan<float> data, Span<float> product)
    {
        MatrixShape.RequireSameLength(nameof(product), product.Length, data.Length);
        ReplaceZeros(product);
        TensorPrimitives.Divide(data, product, product);
    }

    /// <summary>
    /// The Itakura-Saito terms in place: <c>q = 1 / p'</c> into <paramref name="reciprocal"/> and <c>p = x q^2</c>,
    /// where <c>p'</c> is the reconstruction with exact zeros replaced by <see cref="Epsilon"/>.
    /// </summary>
    /// <param name="data">The data <c>X</c>, <c>m x d</c>.</param>
    /// <param name="product">The reconstruction <c>WH</c>, <c>m x d</c>; receives <c>X / (WH)'^2</c>.</param>
    /// <param name="reciprocal">Receives <c>1 / (WH)'</c>, <c>m x d</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void ItakuraSaitoRatios(ReadOnlyMatrixView data, MatrixView product, MatrixView reciprocal, int maxDegreeOfParallelism = -1)
    {
        RequireSameShape(nameof(product), product, data);
        RequireSameShape(nameof(reciprocal), reciprocal, data);
        ForEachRowBlock(data.Rows, maxDegreeOfParallelism, (start, count) =>
        {
            for (int i = start; i < start + count; i++)
            {
                ItakuraSaitoRatios(data.Row(i), product.Row(i), reciprocal.Row(i));
            }
        });
    }

    /// <summary>
    /// Solves for the non-negative coefficients <c>w</c> of each data row <c>x</c> with the components <c>H</c> fixed,
    /// minimising the Kullback-Leibler or Itakura-Saito divergence <c>D(x | w H) + l1 |w|_1 + 0.5 l2 ||w||^2</c> by
    /// multiplicative updates (scikit-learn's <c>MiniBatchNMF._solve_W</c>, row by row): <c>w</c> starts at
    /// <c>sqrt(mean(x) / r)</c> and is updated until <c>||w_new - w|| / ||w_new|| &lt;= tolerance</c> (or <c>w</c> is all
    /// zeros, which the updates keep) or <paramref name="maximumIterations"/> updates were made. Each row is solved
    /// alone, so its result does not depend on the other rows.
    /// </summary>
    /// <param name="data">The rows <c>X</c>, <c>m x d</c>, non-negative (strictly positive for Itakura-Saito).</param>
    /// <param name="components">The components <c>H</c>, <c>r x d</c>, non-negative.</param>
    /// <param name="loss"><see cref="BetaLoss.KullbackLeibler"/> or <see cref="BetaLoss.ItakuraSaito"/>.</param>
    /// <param name="l1">L1 penalty on <c>w</c>, 0 or more.</param>
    /// <param name="l2">L2 penalty on <c>w</c>, 0 or more.</param>
    /// <param name="tolerance">Relative change at which a row stops, 0 or more (0: always run <paramref name="maximumIterations"/>).</param>
    /// <param name="maximumIterations">Most updates per row, at least 1.</param>
    /// <param name="factor">Receives the coefficients <c>W</c>, <c>m x r</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The number of rows that had not converged after <paramref name="maximumIterations"/> updates.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="loss"/> is Frobenius (use <see cref="NonNegativeCoordinateDescent"/>) or another setting is out of range.</exception>
    public static int SolveRows(
        ReadOnlyMatrixView data,
        ReadOnlyMatrixView components,
        BetaLoss loss,
        float l1,
        float l2,
        float tolerance,
        int maximumIterations,
        MatrixView factor,
        int maxDegreeOfParallelism = -1)
    {
        if (loss is not (BetaLoss.KullbackLeibler or BetaLoss.ItakuraSaito))
        {
            throw new ArgumentOutOfRangeException(nameof(loss), loss, $"'{nameof(loss)}' must be KullbackLeibler or ItakuraSaito; got {loss}. Solve the Frobenius loss with NonNegativeCoordinateDescent.");
        }

        MatrixShape.RequireColumns(nameof(components), components.Columns, data.Columns);
        MatrixShape.RequireRows(nameof(factor), factor.Rows, data.Rows);
        MatrixShape.RequireColumns(nameof(factor), factor.Columns, components.Rows);
        if (!(tolerance >= 0f) || !float.IsFinite(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"'{nameof(tolerance)}' must be finite and 0 or more; got {tolerance}.");
        }

        if (maximumIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumIterations), maximumIterations, $"'{nameof(maximumIterations)}' must be at least 1; got {maximumIterations}.");
        }

        MultiplicativeUpdateSettings settings = MultiplicativeUpdateSettings.For(loss, l1, l2, isComponents: false);
        ValidateSettings(settings);
        int rank = components.Rows;
        int length = data.Columns;
        var componentSums = new float[rank];
        for (int t = 0; t < rank; t++)
        {
            componentSums[t] = TensorPrimitives.Sum(components.Row(t));
        }

        int tasks = (data.Rows + RowsPerTask - 1) / RowsPerTask;
        var unconverged = new int[tasks];
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int scratchLength = (3 * length) + (4 * rank);
        Parallel.For(
            0,
            tasks,
            DegreeOfParallelism.Options(threads),
            () => ArrayPool<float>.Shared.Rent(scratchLength),
            (task, _, scratch) =>
            {
                int start = task * RowsPerTask;
                int end = Math.Min(data.Rows, start + RowsPerTask);
                for (int i = start; i < end; i++)
                {
                    bool converged = SolveRow(data.Row(i), components, componentSums, loss, settings, tolerance, maximumIterations, factor.Row(i), scratch);
                    unconverged[task] += converged ? 0 : 1;
                }

                return scratch;
            },
            scratch => ArrayPool<float>.Shared.Return(scratch));
        return unconverged.Sum();
    }

    private static bool SolveRow(
        ReadOnlySpan<float> data,
        ReadOnlyMatrixView components,
        ReadOnlySpan<float> componentSums,
        BetaLoss loss,
        MultiplicativeUpdateSettings settings,
        float tolerance,
        int maximumIterations,
        Span<float> row,
        float[] scratch)
    {
        int rank = components.Rows;
        int length = data.Length;
        Span<float> product = scratch.AsSpan(0, length);
        Span<float> reciprocal = scratch.AsSpan(length, length);
        Span<float> numerator = scratch.AsSpan(3 * length, rank);
        Span<float> denominator = scratch.AsSpan((3 * length) + rank, rank);
        Span<float> previous = scratch.AsSpan((3 * length) + (2 * rank), rank);
        Span<float> work = scratch.AsSpan((3 * length) + (3 * rank), rank);
        float mean = length == 0 ? 0f : TensorPrimitives.Sum(data) / length;
        row.Fill(MathF.Sqrt(mean / rank));
        for (int iteration = 0; iteration < maximumIterations; iteration++)
        {
            if (!row.ContainsAnyExcept(0f))
            {
                return true;
            }

            row.CopyTo(previous);
            product.Clear();
            for (int t = 0; t < rank; t++)
            {
                TensorPrimitives.MultiplyAdd(components.Row(t), row[t], product, product);
            }

            if (loss == BetaLoss.KullbackLeibler)
            {
                KullbackLeiblerRatios(data, product);
                componentSums.CopyTo(denominator);
            }
            else
            {
                ItakuraSaitoRatios(data, product, reciprocal);
                VectorOperations.Dot(reciprocal, components, denominator);
            }

            VectorOperations.Dot(product, components, numerator);
            UpdateRow(row, numerator, denominator, settings, work);
            TensorPrimitives.Subtract(row, previous, previous);
            float norm = TensorPrimitives.Norm(row);
            if (norm == 0f || (tolerance > 0f && TensorPrimitives.Norm(previous) / norm <= tolerance))
            {
                return true;
            }
        }

        return false;
    }

    private static void ItakuraSaitoRatios(ReadOnlySpan<float> data, Span<float> product, Span<float> reciprocal)
    {
        ReplaceZeros(product);
        TensorPrimitives.Reciprocal(product, reciprocal);
        TensorPrimitives.Multiply(reciprocal, reciprocal, product);
        TensorPrimitives.Multiply(product, data, product);
    }

    private static void ApplyCore(MatrixView factor, ReadOnlyMatrixView numerator, ReadOnlyMemory<float> denominator, int denominatorStride, MultiplicativeUpdateSettings settings, int maxDegreeOfParallelism, OnlineSums? online)
    {
        MatrixShape.RequireRows(nameof(numerator), numerator.Rows, factor.Rows);
        MatrixShape.RequireColumns(nameof(numerator), numerator.Columns, factor.Columns);
        ValidateSettings(settings);
        int rank = factor.Columns;
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int tasks = (factor.Rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(
            0,
            tasks,
            DegreeOfParallelism.Options(threads),
            () => ArrayPool<float>.Shared.Rent(2 * rank),
            (task, _, work) =>
            {
                int start = task * RowsPerTask;
                int end = Math.Min(factor.Rows, start + RowsPerTask);
                for (int i = start; i < end; i++)
                {
                    ReadOnlySpan<float> denominatorRow = denominator.Span.Slice(i * denominatorStride, rank);
                    if (online is null)
                    {
                        UpdateRow(factor.Row(i), numerator.Row(i), denominatorRow, settings, work);
                    }
                    else
                    {
                        online.UpdateRow(i, numerator.Row(i), denominatorRow, settings, work);
                    }
                }

                return work;
            },
            work => ArrayPool<float>.Shared.Return(work));
    }

    /// <summary><c>f = f * (n / d')^gamma</c> for one row; <paramref name="work"/> holds at least <c>r</c> values.</summary>
    private static void UpdateRow(Span<float> row, ReadOnlySpan<float> numerator, ReadOnlySpan<float> denominator, MultiplicativeUpdateSettings settings, Span<float> work)
    {
        Span<float> ratio = work[..row.Length];
        AdjustDenominator(row, denominator, settings, ratio);
        TensorPrimitives.Divide(numerator, ratio, ratio);
        if (settings.SquareRoot)
        {
            TensorPrimitives.Sqrt(ratio, ratio);
        }

        TensorPrimitives.Multiply(row, ratio, row);
        ZeroSmallValues(row, settings.ZeroBelow);
    }

    /// <summary><c>d' = d + l1 + l2 f</c> with exact zeros replaced by <see cref="Epsilon"/>, into <paramref name="adjusted"/>.</summary>
    private static void AdjustDenominator(ReadOnlySpan<float> row, ReadOnlySpan<float> denominator, MultiplicativeUpdateSettings settings, Span<float> adjusted)
    {
        denominator.CopyTo(adjusted);
        if (settings.L1 > 0f)
        {
            TensorPrimitives.Add(adjusted, settings.L1, adjusted);
        }

        if (settings.L2 > 0f)
        {
            TensorPrimitives.MultiplyAdd(row, settings.L2, adjusted, adjusted);
        }

        ReplaceZeros(adjusted);
    }

    private static void ZeroSmallValues(Span<float> row, float threshold)
    {
        if (threshold > 0f)
        {
            for (int t = 0; t < row.Length; t++)
            {
                if (row[t] < threshold)
                {
                    row[t] = 0f;
                }
            }
        }
    }

    private static void ReplaceZeros(Span<float> values)
    {
        int index = values.IndexOf(0f);
        while (index >= 0)
        {
            values[index] = Epsilon;
            int next = values[(index + 1)..].IndexOf(0f);
            index = next < 0 ? -1 : index + 1 + next;
        }
    }

    private static void ValidateSettings(MultiplicativeUpdateSettings settings)
    {
        if (!(settings.L1 >= 0f) || !float.IsFinite(settings.L1) || !(settings.L2 >= 0f) || !float.IsFinite(settings.L2))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings, $"The penalties must be finite and 0 or more; got L1 = {settings.L1}, L2 = {settings.L2}.");
        }
    }

    private static void RequireSameShape(string parameterName, MatrixView view, ReadOnlyMatrixView data)
    {
        MatrixShape.RequireRows(parameterName, view.Rows, data.Rows);
        MatrixShape.RequireColumns(parameterName, view.Columns, data.Columns);
    }

    private static void ForEachRowBlock(int rows, int maxDegreeOfParallelism, Action<int, int> body)
    {
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int tasks = (rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, DegreeOfParallelism.Options(threads), task =>
        {
            int start = task * RowsPerTask;
            body(start, Math.Min(RowsPerTask, rows - start));
        });
    }

    /// <summary>The running sums of an online update and the factor they produce.</summary>
    private sealed class OnlineSums
    {
        private readonly MatrixView _factor;
        private readonly MatrixView _numeratorSum;
        private readonly MatrixView _denominatorSum;
        private readonly float _forget;

        public OnlineSums(MatrixView factor, MatrixView numeratorSum, MatrixView denominatorSum, float forget)
        {
            MatrixShape.RequireRows(nameof(numeratorSum), numeratorSum.Rows, factor.Rows);
            MatrixShape.RequireColumns(nameof(numeratorSum), numeratorSum.Columns, factor.Columns);
            MatrixShape.RequireRows(nameof(denominatorSum), denominatorSum.Rows, factor.Rows);
            MatrixShape.RequireColumns(nameof(denominatorSum), denominatorSum.Columns, factor.Columns);
            if (!(forget > 0f && forget <= 1f))
            {
                throw new ArgumentOutOfRangeException(nameof(forget), forget, $"'{nameof(forget)}' must be in (0, 1]; got {forget}.");
            }

            _factor = factor;
            _numeratorSum = numeratorSum;
            _denominatorSum = denominatorSum;
            _forget = forget;
        }

        /// <summary>Updates row <paramref name="i"/>; <paramref name="work"/> holds at least <c>2 r</c> values.</summary>
        public void UpdateRow(int i, ReadOnlySpan<float> numerator, ReadOnlySpan<float> denominator, MultiplicativeUpdateSettings settings, Span<float> work)
        {
            Span<float> row = _factor.Row(i);
            Span<float> adjusted = work[..row.Length];
            Span<float> scaled = work.Slice(row.Length, row.Length);
            AdjustDenominator(row, denominator, settings, adjusted);
            if (settings.SquareRoot)
            {
                TensorPrimitives.Multiply(row, row, scaled);
                TensorPrimitives.Multiply(scaled, numerator, scaled);
            }
            else
            {
                TensorPrimitives.Multiply(row, numerator, scaled);
            }

            Span<float> numeratorSum = _numeratorSum.Row(i);
            Span<float> denominatorSum = _denominatorSum.Row(i);
            TensorPrimitives.MultiplyAdd(numeratorSum, _forget, scaled, numeratorSum);
            TensorPrimitives.MultiplyAdd(denominatorSum, _forget, adjusted, denominatorSum);
            TensorPrimitives.Divide(numeratorSum, denominatorSum, row);
            if (settings.SquareRoot)
            {
                TensorPrimitives.Sqrt(row, row);
            }

            ZeroSmallValues(row, settings.ZeroBelow);
        }
    }
}
