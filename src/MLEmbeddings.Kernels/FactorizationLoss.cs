using System.Buffers;

namespace MLEmbeddings.Kernels;

/// <summary>
/// How far a low-rank product <c>W H</c> is from the data <c>X</c> it approximates, for the losses of NMF, computed
/// without forming <c>W H</c> whole: dense data in blocks of rows (each block's product by <see cref="Gemm"/>), sparse
/// data at its stored entries plus closed-form terms for the rest. Sums are accumulated in double precision.
/// </summary>
/// <remarks>
/// The factors are passed as <c>W</c> (<c>n x r</c>) and <c>Ht = H^T</c> (<c>d x r</c>), the layout the NMF solvers
/// keep. Values are scikit-learn's <c>_beta_divergence</c> (without the square root and factor 1/2): entries with
/// <c>x &lt;= </c><see cref="MultiplicativeUpdate.Epsilon"/> are left out of the logarithmic terms and a zero
/// reconstruction counts as <see cref="MultiplicativeUpdate.Epsilon"/>. Blocks are fixed, so results are
/// bit-identical for every <c>maxDegreeOfParallelism</c>.
/// </remarks>
public static class FactorizationLoss
{
    /// <summary>Rows per partial sum of the sparse squared residual.</summary>
    private const int RowsPerChunk = 4096;

    private const int RowsPerBlock = 256;

    /// <summary>The squared Frobenius norm <c>||X - W H||_F^2</c> of dense data.</summary>
    /// <param name="data">The data <c>X</c>, <c>n x d</c>.</param>
    /// <param name="factor">The coefficients <c>W</c>, <c>n x r</c>.</param>
    /// <param name="componentsTransposed">The components transposed, <c>Ht</c>, <c>d x r</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The squared norm, 0 or more.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static double SquaredFrobenius(ReadOnlyMatrixView data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism = -1)
        => SumOverBlocks(data, factor, componentsTransposed, maxDegreeOfParallelism, static (x, product) => VectorOperations.SquaredEuclideanDistance(x, product));

    /// <summary>
    /// The squared Frobenius norm <c>||X - W H||_F^2</c> of sparse data:
    /// <c>sum_stored (x - wh)^2 - sum_stored wh^2 + trace((W^T W)(H H^T))</c>, clamped at 0.
    /// </summary>
    /// <param name="data">The data <c>X</c>, <c>n x d</c>.</param>
    /// <param name="factor">The coefficients <c>W</c>, <c>n x r</c>.</param>
    /// <param name="componentsTransposed">The components transposed, <c>Ht</c>, <c>d x r</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <returns>The squared norm, 0 or more.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static double SquaredFrobenius(CsrMatrix data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        MatrixShape.RequireRows(nameof(factor), factor.Rows, data.Rows);
        MatrixShape.RequireRows(nameof(componentsTransposed), componentsTransposed.Rows, data.Columns);
        MatrixShape.RequireColumns(nameof(componentsTransposed), componentsTransposed.Columns, factor.Columns);
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));

        // Per fixed chunk of rows (not per thread, so the sums do not depend on the thread count): the squared
        // residual and the squared reconstruction at the stored entries, each product formed where it is used.
        int chunks = (data.Rows + RowsPerChunk - 1) / RowsPerChunk;
        var residuals = new double[chunks];
        var storedSquares = new double[chunks];
        Parallel.For(0, chunks, DegreeOfParallelism.Options(threads), chunk =>
        {
            double residualSum = 0;
            double storedSum = 0;
            for (int i = chunk * RowsPerChunk, end = Math.Min(data.Rows, (chunk + 1) * RowsPerChunk); i < end; i++)
            {
                ReadOnlySpan<float> row = factor.Row(i);
                ReadOnlySpan<int> columns = data.RowColumnIndices(i);
                ReadOnlySpan<float> values = data.RowValues(i);
                for (int p = 0; p < columns.Length; p++)
                {
                    float product = VectorOperations.Dot(row, componentsTransposed.Row(columns[p]));
                    double difference = (double)values[p] - product;
                    residualSum += difference * difference;
                    storedSum += (double)product * product;
                }
            }

            residuals[chunk] = residualSum;
            storedSquares[chunk] = storedSum;
        });
        double residual = 0;
        double stored = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            residual += residuals[chunk];
            stored += storedSquares[chunk];
        }

        int rank = factor.Columns;
        MatrixView factorGram = MatrixView.Allocate(rank, rank);
        MatrixView componentGram = MatrixView.Allocate(rank, rank);
        Gemm.Multiply(factor, true, factor, false, factorGram, maxDegreeOfParallelism: maxDegreeOfParallelism);
        Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, componentGram, maxDegreeOfParallelism: maxDegreeOfParallelism);
        return Math.Max(residual - stored + InnerProduct(factorGram, componentGram), 0);
    }

    /// <summary>
    /// The squared Frobenius norm <c>||X - W H||_F^2 = ||X||_F^2 - 2 &lt;X^T W, Ht&gt; + &lt;W^T W, H H^T&gt;</c> from terms an
    /// alternating solver already has, in <c>O(r (d + r))</c>: no pass over the data. Accurate to about float precision
    /// relative to <c>||X||_F^2</c>, so it suits monitoring a fit, not measuring a near-exact one.
    /// </summary>
    /// <param name="squaredNorm"><c>||X||_F^2</c>.</param>
    /// <param name="transposedCross"><c>X^T W</c>, <c>d x r</c>.</param>
    /// <param name="componentsTransposed"><c>Ht</c>, <c>d x r</c>.</param>
    /// <param name="factorGram"><c>W^T W</c>, <c>r x r</c>.</param>
    /// <param name="componentGram"><c>H H^T = Ht^T Ht</c>, <c>r x r</c>.</param>
    /// <returns>The squared norm, clamped at 0.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static double SquaredFrobeniusFromProducts(double squaredNorm, ReadOnlyMatrixView transposedCross, ReadOnlyMatrixView componentsTransposed, ReadOnlyMatrixView factorGram, ReadOnlyMatrixView componentGram)
    {
        MatrixShape.RequireRows(nameof(componentsTransposed), componentsTransposed.Rows, transposedCross.Rows);
        MatrixShape.RequireColumns(nameof(componentsTransposed), componentsTransposed.Columns, transposedCross.Columns);
        MatrixShape.RequireRows(nameof(factorGram), factorGram.Rows, transposedCross.Columns);
        MatrixShape.RequireColumns(nameof(factorGram), factorGram.Columns, transposedCross.Columns);
        MatrixShape.RequireRows(nameof(componentGram), componentGram.Rows, transposedCross.Columns);
        MatrixShape.RequireColumns(nameof(componentGram), componentGram.Columns, transposedCross.Columns);
        double value = squaredNorm - (2 * InnerProduct(transposedCross, componentsTransposed)) + InnerProduct(factorGram, componentGram);
        return Math.Max(value, 0);
    }

    /// <summary><c>sum_ij a_ij b_ij</c> of two views of the same shape, in double (each row's dot product in float).</summary>
    private static double InnerProduct(ReadOnlyMatrixView a, ReadOnlyMatrixView b)
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++)
        {
            sum += VectorOperations.Dot(a.Row(i), b.Row(i));
        }

        return sum;
    }

    /// <summary>
    /// The generalised Kullback-Leibler divergence <c>sum_(x &gt; eps) x log(x / wh) - sum_(x &gt; eps) x + sum wh</c>
    /// of dense data.
    /// </summary>
    /// <inheritdoc cref="SquaredFrobenius(ReadOnlyMatrixView, ReadOnlyMatrixView, ReadOnlyMatrixView, int)"/>
    public static double KullbackLeibler(ReadOnlyMatrixView data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism = -1)
        => SumOverBlocks(data, factor, componentsTransposed, maxDegreeOfParallelism, static (x, product) =>
        {
            double sum = 0;
            for (int j = 0; j < x.Length; j++)
            {
                sum += product[j] + KullbackLeiblerTerm(x[j], product[j]);
            }

            return sum;
        });

    /// <summary>
    /// The generalised Kullback-Leibler divergence of sparse data: the logarithmic terms at the stored entries, plus
    /// <c>sum wh = (column sums of W) . (row sums of H)</c>.
    /// </summary>
    /// <inheritdoc cref="SquaredFrobenius(CsrMatrix, ReadOnlyMatrixView, ReadOnlyMatrixView, int)"/>
    public static double KullbackLeibler(CsrMatrix data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism = -1)
    {
        float[] product = ProductAtStoredEntries(data, factor, componentsTransposed, maxDegreeOfParallelism);
        ReadOnlySpan<float> values = data.Values;
        double sum = 0;
        for (int p = 0; p < product.Length; p++)
        {
            sum += KullbackLeiblerTerm(values[p], product[p]);
        }

        double[] factorSums = ColumnSums(factor);
        double[] componentSums = ColumnSums(componentsTransposed);
        for (int t = 0; t < factorSums.Length; t++)
        {
            sum += factorSums[t] * componentSums[t];
        }

        return sum;
    }

    /// <summary>
    /// The Itakura-Saito divergence <c>sum_(x &gt; eps) (x / wh - log(x / wh)) - n d</c> of dense data (all entries are
    /// counted in <c>n d</c>, as scikit-learn does; the data should be strictly positive).
    /// </summary>
    /// <inheritdoc cref="SquaredFrobenius(ReadOnlyMatrixView, ReadOnlyMatrixView, ReadOnlyMatrixView, int)"/>
    public static double ItakuraSaito(ReadOnlyMatrixView data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism = -1)
        => SumOverBlocks(data, factor, componentsTransposed, maxDegreeOfParallelism, static (x, product) =>
        {
            double sum = -x.Length;
            for (int j = 0; j < x.Length; j++)
            {
                if (x[j] > MultiplicativeUpdate.Epsilon)
                {
                    double ratio = x[j] / (double)NonZero(product[j]);
                    sum += ratio - Math.Log(ratio);
                }
            }

            return sum;
        });

    private static double KullbackLeiblerTerm(float x, float product)
        => x > MultiplicativeUpdate.Epsilon ? x * (Math.Log(x / (double)NonZero(product)) - 1) : 0;

    private static float NonZero(float value) => value == 0f ? MultiplicativeUpdate.Epsilon : value;

    private static double[] ColumnSums(ReadOnlyMatrixView matrix)
    {
        var sums = new double[matrix.Columns];
        for (int i = 0; i < matrix.Rows; i++)
        {
            ReadOnlySpan<float> row = matrix.Row(i);
            for (int t = 0; t < row.Length; t++)
            {
                sums[t] += row[t];
            }
        }

        return sums;
    }

    private static float[] ProductAtStoredEntries(CsrMatrix data, ReadOnlyMatrixView factor, ReadOnlyMatrixView componentsTransposed, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(data);
        var product = new float[data.NonZeroCount];
        SparseMatrixProducts.ProductAtNonZeros(data, factor, componentsTransposed, product, maxDegreeOfParallelism);
        return product;
    }

    /// <summary>Forms <c>W H</c> one block of rows at a time and sums <paramref name="rowTerm"/> of each data row and its reconstruction.</summary>
    private static double SumOverBlocks(
        ReadOnlyMatrixView data,
        ReadOnlyMatrixView factor,
        ReadOnlyMatrixView componentsTransposed,
        int maxDegreeOfParallelism,
        Func<ReadOnlySpan<float>, ReadOnlySpan<float>, double> rowTerm)
    {
        MatrixShape.RequireRows(nameof(factor), factor.Rows, data.Rows);
        MatrixShape.RequireRows(nameof(componentsTransposed), componentsTransposed.Rows, data.Columns);
        MatrixShape.RequireColumns(nameof(componentsTransposed), componentsTransposed.Columns, factor.Columns);
        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int columns = data.Columns;
        int blocks = (data.Rows + RowsPerBlock - 1) / RowsPerBlock;
        var sums = new double[blocks];
        Parallel.For(
            0,
            blocks,
            DegreeOfParallelism.Options(threads),
            () => ArrayPool<float>.Shared.Rent(RowsPerBlock * Math.Max(columns, 1)),
            (block, _, buffer) =>
            {
                int start = block * RowsPerBlock;
                int count = Math.Min(RowsPerBlock, data.Rows - start);
                var product = new MatrixView(buffer, count, columns);
                Gemm.Multiply(factor.SliceRows(start, count), false, componentsTransposed, true, product, maxDegreeOfParallelism: 1);
                double sum = 0;
                for (int i = 0; i < count; i++)
                {
                    sum += rowTerm(data.Row(start + i), product.Row(i));
                }

                sums[block] = sum;
                return buffer;
            },
            buffer => ArrayPool<float>.Shared.Return(buffer));
        return sums.Sum();
    }
}
