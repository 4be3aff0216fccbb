namespace MLEmbeddings.Kernels;

/// <summary>
/// Very sparse random projection (Li, Hastie and Church 2006; scikit-learn's <c>SparseRandomProjection</c>): a seeded
/// <c>rank x d</c> matrix <c>R</c> whose entries are <c>+v</c> and <c>-v</c> with probability <c>density / 2</c> each and 0
/// otherwise, <c>v = sqrt(1 / density) / sqrt(rank)</c>, so that <c>y = R x</c> preserves squared distances in
/// expectation. The default density <c>1 / sqrt(d)</c> is Li et al.'s "very sparse" choice.
/// </summary>
public static class SparseRandomProjection
{
    /// <summary>The default density <c>1 / sqrt(inputDimension)</c> (scikit-learn <c>density='auto'</c>).</summary>
    /// <param name="inputDimension">Input size <c>d</c>, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputDimension"/> is less than 1.</exception>
    public static double DefaultDensity(int inputDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        return 1 / Math.Sqrt(inputDimension);
    }

    /// <summary>
    /// The Johnson-Lindenstrauss lower bound on the output size that keeps every pairwise squared distance of
    /// <paramref name="sampleCount"/> points within a factor <c>1 +- epsilon</c> with good probability:
    /// <c>floor(4 ln(n) / (epsilon^2 / 2 - epsilon^3 / 3))</c> (scikit-learn's <c>johnson_lindenstrauss_min_dim</c>).
    /// </summary>
    /// <param name="sampleCount">Number of points <c>n</c>, at least 1.</param>
    /// <param name="epsilon">Allowed distortion, in <c>(0, 1)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static int MinimumRank(int sampleCount, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"'{nameof(epsilon)}' must be in (0, 1); got {epsilon}.");
        }

        double denominator = (epsilon * epsilon / 2) - (epsilon * epsilon * epsilon / 3);
        return checked((int)Math.Floor(4 * Math.Log(sampleCount) / denominator));
    }

    /// <summary>
    /// Draws the matrix, stored transposed (<c>d x rank</c>, row <c>t</c> lists the outputs input <c>t</c> contributes
    /// to), which is the form <see cref="Project(CsrMatrix, ReadOnlyMatrixView, MatrixView)"/> streams. The non-zero
    /// positions of each output are a Bernoulli(<paramref name="density"/>) process drawn by geometric skips, so the
    /// cost is proportional to the number of non-zeros. The same arguments always give the same matrix.
    /// </summary>
    /// <param name="inputDimension">Input size <c>d</c>, at least 1.</param>
    /// <param name="rank">Output size, at least 1 (scikit-learn <c>n_components</c>).</param>
    /// <param name="density">Share of non-zero entries, in <c>(0, 1]</c>.</param>
    /// <param name="seed">Random seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static CsrMatrix CreateTransposedComponents(int inputDimension, int rank, double density, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (!(density > 0 && density <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(density), density, $"'{nameof(density)}' must be in (0, 1]; got {density}.");
        }

        var random = new Random(seed);
        float value = (float)(Math.Sqrt(1 / density) / Math.Sqrt(rank));
        double logKeep = Math.Log(1 - density);
        var rowIndices = new List<int>();
        var columnIndices = new List<int>();
        var values = new List<float>();
        for (int output = 0; output < rank; output++)
        {
            int position = -1;
            while (true)
            {
                int skip = density >= 1 ? 0 : (int)Math.Min(Math.Floor(Math.Log(1 - random.NextDouble()) / logKeep), inputDimension);
                position += 1 + skip;
                if (position >= inputDimension)
                {
                    break;
                }

                rowIndices.Add(output);
                columnIndices.Add(position);
                values.Add(random.Next(2) == 0 ? -value : value);
            }
        }

        var pointers = new int[rank + 1];
        foreach (int row in rowIndices)
        {
            pointers[row + 1]++;
        }

        for (int r = 0; r < rank; r++)
        {
            pointers[r + 1] += pointers[r];
        }

        return CsrMatrix.TakeOwnership(rank, inputDimension, pointers, columnIndices.ToArray(), values.ToArray()).Transpose();
    }

    /// <summary>Projects dense rows: <c>output[i] = R input[i]</c>, with <paramref name="transposedComponents"/> = <c>R^T</c> (<c>d x rank</c>).</summary>
    /// <param name="transposedComponents">The transposed projection matrix from <see cref="CreateTransposedComponents"/>.</param>
    /// <param name="input">The <c>n x d</c> rows.</param>
    /// <param name="output">Receives the <c>n x rank</c> projections.</param>
    /// <exception cref="ArgumentException">A shape does not match.</exception>
    public static void Project(CsrMatrix transposedComponents, ReadOnlyMatrixView input, MatrixView output)
    {
        ArgumentNullException.ThrowIfNull(transposedComponents);
        MatrixShape.RequireColumns(nameof(input), input.Columns, transposedComponents.Rows);
        MatrixShape.RequireRows(nameof(output), output.Rows, input.Rows);
        MatrixShape.RequireColumns(nameof(output), output.Columns, transposedComponents.Columns);
        for (int i = 0; i < input.Rows; i++)
        {
            ReadOnlySpan<float> row = input.Row(i);
            Span<float> target = output.Row(i);
            target.Clear();
            for (int t = 0; t < row.Length; t++)
            {
                if (row[t] != 0f)
                {
                    Scatter(transposedComponents, t, row[t], target);
                }
            }
        }
    }

    /// <summary>Projects sparse rows given in CSR form (<paramref name="rowPointers"/>, <paramref name="columnIndices"/>, <paramref name="values"/>).</summary>
    /// <param name="transposedComponents">The transposed projection matrix (<c>d x rank</c>).</param>
    /// <param name="rowPointers"><c>n + 1</c> offsets into <paramref name="columnIndices"/> and <paramref name="values"/>.</param>
    /// <param name="columnIndices">Input index (in <c>[0, d)</c>) of every stored value.</param>
    /// <param name="values">The stored input values.</param>
    /// <param name="output">Receives the <c>n x rank</c> projections.</param>
    /// <exception cref="ArgumentException">A shape does not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column index is outside <c>[0, d)</c>.</exception>
    public static void Project(CsrMatrix transposedComponents, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values, MatrixView output)
    {
        ArgumentNullException.ThrowIfNull(transposedComponents);
        MatrixShape.RequireRows(nameof(output), output.Rows, rowPointers.Length - 1);
        MatrixShape.RequireColumns(nameof(output), output.Columns, transposedComponents.Columns);
        MatrixShape.RequireSameLength(nameof(values), values.Length, columnIndices.Length);
        for (int i = 0; i < output.Rows; i++)
        {
            Span<float> target = output.Row(i);
            target.Clear();
            for (int p = rowPointers[i]; p < rowPointers[i + 1]; p++)
            {
                Scatter(transposedComponents, columnIndices[p], values[p], target);
            }
        }
    }

    private static void Scatter(CsrMatrix transposedComponents, int input, float value, Span<float> target)
    {
        ReadOnlySpan<int> outputs = transposedComponents.RowColumnIndices(input);
        ReadOnlySpan<float> weights = transposedComponents.RowValues(input);
        for (int e = 0; e < outputs.Length; e++)
        {
            target[outputs[e]] += value * weights[e];
        }
    }
}
