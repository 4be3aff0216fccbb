using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Summary statistics of a set of embeddings: the singular values and effective rank (RankMe), the uniformity of
/// Wang and Isola, the mean squared distance within classes (their alignment) and the skewness of a distribution.
/// Sums are accumulated in double precision; every result is identical for any thread count.
/// </summary>
public static class EmbeddingStatistics
{
    private const int UniformityBlockRows = 128;

    /// <summary>
    /// The singular values of the <c>n x d</c> matrix <paramref name="rows"/>, descending, <c>min(n, d)</c> of them:
    /// the square roots of the eigenvalues of the smaller Gram matrix (<c>X^T X</c> or <c>X X^T</c>, formed by
    /// <see cref="SecondMomentMatrix"/> and decomposed in double precision; negative round-off is clamped to 0). Values
    /// below about <c>3e-4</c> times the largest are at the level of the float rounding of the Gram matrix.
    /// </summary>
    /// <param name="rows">The rows, every value finite.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static double[] SingularValues(ReadOnlyMatrixView rows, int maxDegreeOfParallelism = -1)
    {
        ReadOnlyMatrixView tall = rows;
        if (rows.Rows < rows.Columns)
        {
            tall = DenseMatrix.FromView(rows).Transpose().AsView();
        }

        int size = tall.Columns;
        if (size == 0)
        {
            return [];
        }

        var gram = new double[size * size];
        SecondMomentMatrix.Compute(tall, center: false, new double[size], gram, maxDegreeOfParallelism);
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(gram, size, size, double.PositiveInfinity);
        var values = new double[size];
        for (int i = 0; i < size; i++)
        {
            values[i] = Math.Sqrt(Math.Max(eigen.Eigenvalues[i], 0));
        }

        return values;
    }

    /// <summary>
    /// RankMe (Garrido et al. 2023): <c>exp(-sum_k p_k ln p_k)</c> with <c>p_k = sigma_k / ||sigma||_1 + epsilon</c>, the
    /// exponential of the entropy of the normalised singular values. It is <c>r</c> for <c>r</c> equal non-zero singular
    /// values and lies in <c>[1, min(n, d)]</c> (up to the <c>epsilon</c> terms). All-zero singular values give 1.
    /// </summary>
    /// <param name="singularValues">The singular values, each 0 or more.</param>
    /// <param name="epsilon">Added to every <c>p_k</c> (the paper's 1e-7), 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public static double EffectiveRank(ReadOnlySpan<double> singularValues, double epsilon)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"'{nameof(epsilon)}' must be a finite number >= 0; got {epsilon}.");
        }

        double total = 0;
        foreach (double value in singularValues)
        {
            total += value;
        }

        if (total == 0)
        {
            return 1;
        }

        double entropy = 0;
        foreach (double value in singularValues)
        {
            double p = (value / total) + epsilon;
            entropy -= p > 0 ? p * Math.Log(p) : 0;
        }

        return Math.Exp(entropy);
    }

    /// <summary>
    /// Uniformity (Wang and Isola 2020): <c>ln( mean_{i &lt; j} exp(-t ||x_i - x_j||^2) )</c> over all pairs of distinct
    /// rows. Lower is more uniform; for unit vectors it lies in <c>[-4t, 0]</c>. The pairwise squared distances come
    /// from <see cref="PairwiseDistances"/> in blocks; the exponentials are summed in double precision.
    /// </summary>
    /// <param name="rows">The rows (usually unit length), at least 2.</param>
    /// <param name="temperature"><c>t</c>, finite and greater than 0 (the paper's default is 2).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">Fewer than 2 rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not a finite positive number, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static double Uniformity(ReadOnlyMatrixView rows, double temperature, int maxDegreeOfParallelism = -1)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"'{nameof(temperature)}' must be a finite number > 0; got {temperature}.");
        }

        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int n = rows.Rows;
        if (n < 2)
        {
            throw new ArgumentException($"Uniformity needs at least 2 rows; got {n}.", nameof(rows));
        }

        int blocks = (n + UniformityBlockRows - 1) / UniformityBlockRows;
        var partial = new double[blocks];
        Parallel.For(0, blocks, DegreeOfParallelism.Options(threads), () => new float[UniformityBlockRows * n], (block, _, distances) =>
        {
            int first = block * UniformityBlockRows;
            int count = Math.Min(UniformityBlockRows, n - first);
            var result = new MatrixView(distances, count, n);
            PairwiseDistances.Compute(rows.SliceRows(first, count), rows, DistanceMetric.SquaredEuclidean, result, 1);
            double sum = 0;
            for (int r = 0; r < count; r++)
            {
                Span<float> tail = result.Row(r)[(first + r + 1)..];
                TensorPrimitives.Multiply(tail, (float)-temperature, tail);
                TensorPrimitives.Exp(tail, tail);
                foreach (float value in tail)
                {
                    sum += value;
                }
            }

            partial[block] = sum;
            return distances;
        }, _ => { });

        double total = 0;
        foreach (double value in partial)
        {
            total += value;
        }

        return Math.Log(total / ((double)n * (n - 1) / 2));
    }

    /// <summary>
    /// The mean squared Euclidean distance over all unordered pairs of distinct rows of the same class (Wang and Isola's
    /// alignment with <c>alpha = 2</c> when same-class pairs are the positive pairs), computed in <c>O(n d)</c> from
    /// per-class sums in double precision: <c>sum_{i &lt; j in c} ||x_i - x_j||^2 = n_c sum_i ||x_i||^2 - ||sum_i x_i||^2</c>.
    /// NaN when no class has two rows.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="classes">The class of every row, in <c>[0, classCount)</c>.</param>
    /// <param name="classCount">Number of classes, at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="classes"/> has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside <c>[0, classCount)</c>.</exception>
    public static double MeanSquaredDistanceWithinClasses(ReadOnlyMatrixView rows, ReadOnlySpan<int> classes, int classCount)
    {
        SpanLengthCheck.Require(nameof(classes), classes.Length, rows.Rows, "rows.Rows");
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        int dimension = rows.Columns;
        var sums = new double[classCount * dimension];
        var squaredNorms = new double[classCount];
        var counts = new long[classCount];
        for (int i = 0; i < rows.Rows; i++)
        {
            int c = classes[i];
            if ((uint)c >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), c, $"Row {i} has class {c}, outside [0, {classCount}).");
            }

            ReadOnlySpan<float> row = rows.Row(i);
            Span<double> sum = sums.AsSpan(c * dimension, dimension);
            double norm = 0;
            for (int j = 0; j < dimension; j++)
            {
                sum[j] += row[j];
                norm += (double)row[j] * row[j];
            }

            squaredNorms[c] += norm;
            counts[c]++;
        }

        double total = 0;
        double pairs = 0;
        for (int c = 0; c < classCount; c++)
        {
            if (counts[c] < 2)
            {
                continue;
            }

            double sumNorm = 0;
            foreach (double value in sums.AsSpan(c * dimension, dimension))
            {
                sumNorm += value * value;
            }

            total += Math.Max((counts[c] * squaredNorms[c]) - sumNorm, 0);
            pairs += counts[c] * (counts[c] - 1) / 2.0;
        }

        return pairs == 0 ? double.NaN : total / pairs;
    }

    /// <summary>
    /// The sample skewness <c>m3 / m2^(3/2)</c> with central moments <c>m_p = mean((v - mean(v))^p)</c> (the biased
    /// estimator, scipy's <c>skew</c> default); 0 when every value is equal.
    /// </summary>
    /// <param name="values">At least one value.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static double Skewness(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("The skewness of no values is undefined.", nameof(values));
        }

        double mean = 0;
        foreach (double value in values)
        {
            mean += value;
        }

        mean /= values.Length;
        double second = 0;
        double third = 0;
        foreach (double value in values)
        {
            double deviation = value - mean;
            second += deviation * deviation;
            third += deviation * deviation * deviation;
        }

        second /= values.Length;
        third /= values.Length;
        return second <= 1e-28 * Math.Max(mean * mean, 1) ? 0 : third / Math.Pow(second, 1.5);
    }
}
