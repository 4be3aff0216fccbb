using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Information-Theoretic Metric Learning (Davis, Kulis, Jain, Sra and Dhillon 2007): the Mahalanobis matrix <c>M</c>
/// closest to a prior <c>M_0</c> in LogDet divergence, <c>D(M, M_0) = tr(M M_0^-1) - log det(M M_0^-1) - d</c>, subject to
/// <c>d_M(a, b) &lt;= u</c> for similar pairs and <c>d_M(a, b) &gt;= l</c> for dissimilar pairs (with slack), solved by
/// cyclic Bregman projections: each constraint in turn updates <c>M</c> by a rank-one term, so <c>M</c> stays symmetric
/// positive definite.
/// </summary>
/// <remarks>
/// Per constraint with <c>v = x_a - x_b</c>, <c>p = v^T M v</c>, sign <c>delta = +1</c> (similar) or <c>-1</c>
/// (dissimilar), dual variable <c>lambda</c> (starting at 0), target <c>xi</c> (starting at <c>u</c> or <c>l</c>) and slack
/// <c>gamma</c> (projection factor <c>g = gamma / (gamma + 1)</c>), as in the authors' reference code:
/// <c>alpha = min(lambda, delta g (1/p - 1/xi))</c>, <c>lambda -= alpha</c>, <c>beta = delta alpha / (1 - delta alpha p)</c>,
/// <c>xi = 1 / (1/xi + delta alpha / gamma)</c>, <c>M += beta (M v)(M v)^T</c>. A sweep visits every constraint; converged
/// when <c>||lambda - lambda_previous||_1 / (||lambda||_2 + ||lambda_previous||_2) &lt; tolerance</c>. Each projection is one
/// pass over <c>M</c> (<see cref="SymmetricRankOneUpdate"/>, which also forms <c>M v</c> for the next constraint),
/// <c>O(d^2)</c>, in double precision on the calling thread.
/// </remarks>
internal static class InformationTheoreticSolver
{
    /// <summary>Relative ridge of the inverse-covariance prior: <c>M_0 = (C + 1e-3 tr(C)/d I)^-1</c>.</summary>
    private const double PriorRidge = 1e-3;

    /// <summary>
    /// The whole learner: prior, default bounds, Bregman projections, then <c>L</c> from the <paramref name="rank"/> leading
    /// eigenpairs of <c>M</c>. The objective reported is the LogDet divergence <c>D(M, M_0)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The rows named by the constraints are all identical, so no bound can be derived.</exception>
    public static MetricLearningResult Learn(
        ReadOnlyMatrixView rows,
        int[] first,
        int[] second,
        bool[] similar,
        int rank,
        bool inverseCovariancePrior,
        double? upperBound,
        double? lowerBound,
        double slack,
        int maximumSweeps,
        double tolerance,
        int boundSamples,
        int seed,
        int maxDegreeOfParallelism,
        Action<int, double>? sweepCompleted)
    {
        int dimension = rows.Columns;
        (double[] prior, double[] priorInverse, double priorInverseLogDeterminant) = Prior(rows, inverseCovariancePrior, maxDegreeOfParallelism);
        double upper;
        double lower;
        if (upperBound is double u && lowerBound is double l)
        {
            (upper, lower) = (u, l);
        }
        else
        {
            int[] involved = first.Concat(second).Distinct().Order().ToArray();
            (double defaultUpper, double defaultLower) = DefaultBounds(rows, involved, prior, boundSamples, seed);
            lower = lowerBound ?? defaultLower;
            if (!(lower > 0))
            {
                throw new ArgumentException("The rows named in the constraints are all identical (every sampled distance is 0), so ITML cannot derive its distance bounds. Give UpperBound and LowerBound, or constraints between distinct rows.", nameof(rows));
            }

            upper = upperBound ?? (defaultUpper > 0 ? Math.Min(defaultUpper, lower) : 1e-3 * lower);
        }

        Result result = Fit(rows, first, second, similar, upper, lower, slack, prior, maximumSweeps, tolerance, sweepCompleted);
        (float[] transformation, double logDeterminant) = MahalanobisFactorization.Factor(result.Matrix, dimension, rank);
        double trace = TensorPrimitives.Dot<double>(result.Matrix, priorInverse);
        double divergence = trace - logDeterminant - priorInverseLogDeterminant - dimension;
        return new MetricLearningResult(transformation, result.Converged, result.Sweeps, divergence);
    }

    /// <summary>The prior <c>M_0</c>, its inverse and <c>log det M_0^-1</c>.</summary>
    private static (double[] Prior, double[] Inverse, double InverseLogDeterminant) Prior(ReadOnlyMatrixView rows, bool inverseCovariance, int maxDegreeOfParallelism)
    {
        int dimension = rows.Columns;
        if (!inverseCovariance)
        {
            var identity = new double[dimension * dimension];
            for (int i = 0; i < dimension; i++)
            {
                identity[(i * dimension) + i] = 1;
            }

            return (identity, (double[])identity.Clone(), 0);
        }

        double[] covariance = ScatterMatrices.Covariance(rows, maxDegreeOfParallelism);
        double ridge = PriorRidge * Math.Max(ScatterMatrices.MeanDiagonal(covariance, dimension), double.Epsilon);
        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(covariance, dimension, symmetryTolerance: double.PositiveInfinity);
        var prior = new double[dimension * dimension];
        var inverse = new double[dimension * dimension];
        double logDeterminant = 0;
        for (int k = 0; k < dimension; k++)
        {
            double value = Math.Max(eigen.Eigenvalues[k], 0) + ridge;
            logDeterminant += Math.Log(value);
            ScatterMatrices.AddOuter(prior, eigen.Eigenvector(k), 1 / value);
            ScatterMatrices.AddOuter(inverse, eigen.Eigenvector(k), value);
        }

        return (prior, inverse, logDeterminant);
    }

    /// <summary>The learned matrix and how the sweeps ended.</summary>
    public sealed record Result(double[] Matrix, int Sweeps, bool Converged, double Change);

    /// <summary>Runs the Bregman projections from <paramref name="prior"/> (<c>d x d</c>, copied).</summary>
    public static Result Fit(
        ReadOnlyMatrixView rows,
        int[] first,
        int[] second,
        bool[] similar,
        double upperBound,
        double lowerBound,
        double slack,
        double[] prior,
        int maximumSweeps,
        double tolerance,
        Action<int, double>? sweepCompleted)
    {
        int dimension = rows.Columns;
        int constraints = first.Length;
        var matrix = (double[])prior.Clone();
        var dual = new double[constraints];
        var previousDual = new double[constraints];
        var targets = new double[constraints];
        for (int c = 0; c < constraints; c++)
        {
            targets[c] = similar[c] ? upperBound : lowerBound;
        }

        var difference = new double[dimension];
        var nextDifference = new double[dimension];
        var product = new double[dimension];
        var direction = new double[dimension];
        var dualChange = new double[constraints];
        double projection = double.IsPositiveInfinity(slack) ? 1 : slack / (slack + 1);
        double change = double.PositiveInfinity;

        // Each pass over M applies constraint c's update and computes M v for constraint c + 1.
        Difference(rows, first[0], second[0], difference);
        SymmetricRankOneUpdate.UpdateAndMultiply(matrix, dimension, direction, 0, difference, product);
        for (int sweep = 1; sweep <= maximumSweeps; sweep++)
        {
            for (int c = 0; c < constraints; c++)
            {
                int next = c + 1 < constraints ? c + 1 : 0;
                Difference(rows, first[next], second[next], nextDifference);
                double distance = TensorPrimitives.Dot<double>(product, difference);
                double beta = 0;
                if (distance > 0)
                {
                    // (Identical rows, or rounding to 0, cannot be projected: beta stays 0.)
                    double sign = similar[c] ? 1 : -1;
                    double alpha = Math.Min(dual[c], sign * projection * ((1 / distance) - (1 / targets[c])));
                    dual[c] -= alpha;
                    beta = sign * alpha / (1 - (sign * alpha * distance));
                    targets[c] = 1 / ((1 / targets[c]) + (sign * alpha / slack));
                }

                product.AsSpan().CopyTo(direction);
                SymmetricRankOneUpdate.UpdateAndMultiply(matrix, dimension, direction, beta, nextDifference, product);
                (difference, nextDifference) = (nextDifference, difference);
            }

            double norms = TensorPrimitives.Norm<double>(dual) + TensorPrimitives.Norm<double>(previousDual);
            TensorPrimitives.Subtract<double>(dual, previousDual, dualChange);
            change = norms == 0 ? 0 : TensorPrimitives.SumOfMagnitudes<double>(dualChange) / norms;
            sweepCompleted?.Invoke(sweep, change);
            if (change < tolerance)
            {
                return new Result(matrix, sweep, true, change);
            }

            dual.AsSpan().CopyTo(previousDual);
        }

        return new Result(matrix, maximumSweeps, false, change);
    }

    /// <summary><c>x_a - x_b</c> in double.</summary>
    private static void Difference(ReadOnlyMatrixView rows, int a, int b, double[] difference)
    {
        ReadOnlySpan<float> x = rows.Row(a);
        ReadOnlySpan<float> y = rows.Row(b);
        for (int j = 0; j < difference.Length; j++)
        {
            difference[j] = (double)x[j] - y[j];
        }
    }

    /// <summary>
    /// Default bounds: the 5th and 95th percentiles (linear interpolation) of <c>d_M0(a, b)</c> over up to
    /// <paramref name="samples"/> seeded random pairs of the rows that appear in constraints.
    /// </summary>
    public static (double Upper, double Lower) DefaultBounds(ReadOnlyMatrixView rows, int[] involvedRows, double[] prior, int samples, int seed)
    {
        int dimension = rows.Columns;
        var random = new Random(seed);
        var distances = new double[samples];
        var difference = new double[dimension];
        var product = new double[dimension];
        for (int s = 0; s < samples; s++)
        {
            int a = involvedRows[random.Next(involvedRows.Length)];
            int b = involvedRows[random.Next(involvedRows.Length)];
            ReadOnlySpan<float> x = rows.Row(a);
            ReadOnlySpan<float> y = rows.Row(b);
            for (int j = 0; j < dimension; j++)
            {
                difference[j] = (double)x[j] - y[j];
            }

            for (int i = 0; i < dimension; i++)
            {
                product[i] = TensorPrimitives.Dot<double>(prior.AsSpan(i * dimension, dimension), difference);
            }

            distances[s] = TensorPrimitives.Dot<double>(product, difference);
        }

        Array.Sort(distances);
        return (Percentile(distances, 5), Percentile(distances, 95));
    }

    private static double Percentile(double[] sorted, double percent)
    {
        double position = percent / 100 * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
