using static MLEmbeddings.Kernels.Tests.LinearAlgebraOracle;

namespace MLEmbeddings.Kernels.Tests;

public class SymmetricEigensolverTests
{
    public static TheoryData<VectorWidth> AllWidths => Widths;

    [Fact]
    public void One_by_one_matrix_is_its_own_eigenvalue()
    {
        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(new float[] { -3 }, 1, 1));
        Assert.Equal(1, result.Count);
        Assert.Equal(-3.0, result.Eigenvalues[0]);
        Assert.Equal(new[] { 1.0 }, result.Eigenvector(0).ToArray());
        Assert.Equal(1f, result.Eigenvectors[0, 0]);

        SymmetricEigendecomposition empty = SymmetricEigensolver.Decompose(ReadOnlySpan<double>.Empty, 0);
        Assert.Equal(0, empty.Count);
        Assert.Equal(0, empty.Eigenvectors.Rows);
    }

    [Fact]
    public void Diagonal_matrix_gives_sorted_diagonal_and_unit_vectors()
    {
        double[] diagonal = { 2, -5, 7, 0, 3.5 };
        int n = diagonal.Length;
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            matrix[(i * n) + i] = diagonal[i];
        }

        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);
        Assert.Equal(new[] { 7, 3.5, 2, 0, -5 }, result.Eigenvalues.ToArray());
        int[] expectedAxis = { 2, 4, 0, 3, 1 };
        for (int k = 0; k < n; k++)
        {
            var expected = new double[n];
            expected[expectedAxis[k]] = 1;
            Assert.Equal(expected, result.Eigenvector(k).ToArray());
        }
    }

    [Fact]
    public void Two_by_two_matches_the_closed_form()
    {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/sqrt 2 and (1, -1)/sqrt 2 (first of the tied components positive).
        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(new float[] { 2, 1, 1, 2 }, 2, 2));
        Assert.Equal(3, result.Eigenvalues[0], 1e-14);
        Assert.Equal(1, result.Eigenvalues[1], 1e-14);
        double h = Math.Sqrt(0.5);
        AssertClose(new[] { h, h }, result.Eigenvector(0), 1e-14);
        AssertClose(new[] { h, -h }, result.Eigenvector(1), 1e-14);

        // [[a, b], [b, c]]: lambda = (a + c)/2 +- sqrt(((a - c)/2)^2 + b^2), eigenvector (b, lambda - a).
        double a = 1.5, b = -0.75, c = -2.25;
        SymmetricEigendecomposition general = SymmetricEigensolver.Decompose(new[] { a, b, b, c }, 2);
        double mean = (a + c) / 2;
        double radius = Math.Sqrt((((a - c) / 2) * ((a - c) / 2)) + (b * b));
        Assert.Equal(mean + radius, general.Eigenvalues[0], 1e-14);
        Assert.Equal(mean - radius, general.Eigenvalues[1], 1e-14);
        for (int k = 0; k < 2; k++)
        {
            double lambda = general.Eigenvalues[k];
            double[] expected = { b, lambda - a };
            double norm = Norm(expected);
            double sign = Math.Abs(expected[0]) >= Math.Abs(expected[1]) ? Math.Sign(expected[0]) : Math.Sign(expected[1]);
            AssertClose(expected.Select(value => sign * value / norm).ToArray(), general.Eigenvector(k), 1e-14);
        }
    }

    [Theory]
    [InlineData(7, 11)]
    [InlineData(100, 12)]
    [InlineData(500, 13)]
    public void Rotated_diagonal_recovers_the_planted_eigenpairs_in_double(int n, int seed)
    {
        double[] basis = OrthonormalRows(n, n, seed);
        double[] values = Enumerable.Range(0, n).Select(i => (n - i) * (i % 2 == 0 ? 1.0 : -0.5)).ToArray();
        double[] matrix = FromEigenpairs(basis, values);

        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);
        double[] sorted = values.OrderByDescending(value => value).ToArray();
        double scale = values.Max(Math.Abs);
        for (int k = 0; k < n; k++)
        {
            Assert.True(Math.Abs(sorted[k] - result.Eigenvalues[k]) <= 1e-13 * scale * Math.Sqrt(n), $"eigenvalue {k}: {result.Eigenvalues[k]} vs {sorted[k]}");

            // Planted eigenvalues are distinct with gaps >= 0.5, so each eigenvector is a planted row up to sign.
            int planted = Array.IndexOf(values, sorted[k]);
            double overlap = Dot(result.Eigenvector(k), basis.AsSpan(planted * n, n));
            Assert.True(Math.Abs(Math.Abs(overlap) - 1) <= 1e-10, $"eigenvector {k}: |overlap| {overlap}");
        }

        AssertEigenInvariants(matrix, n, result, 1e-12);
    }

    [Theory]
    [InlineData(7, 21)]
    [InlineData(100, 22)]
    public void Float_input_satisfies_the_invariants_to_float_accuracy(int n, int seed)
    {
        double[] basis = OrthonormalRows(n, n, seed);
        double[] values = Enumerable.Range(0, n).Select(i => Math.Pow(0.9, i) * 10).ToArray();
        float[] matrix = ToFloat(FromEigenpairs(basis, values));
        double[] rounded = ToDouble(matrix);

        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(matrix, n, n));
        for (int k = 0; k < n; k++)
        {
            // Rounding A to float moves each eigenvalue by at most ||E||_2 <= ||E||_F ~ 1e-7 ||A||.
            Assert.True(Math.Abs(values[k] - result.Eigenvalues[k]) <= 1e-6 * 10 * Math.Sqrt(n), $"eigenvalue {k}");
        }

        // The residuals are measured against the float matrix actually passed, so they are at double accuracy.
        AssertEigenInvariants(rounded, n, result, 1e-12);
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((float)result.Eigenvector(k)[i], result.Eigenvectors[k, i]);
            }
        }
    }

    [Fact]
    public void Repeated_eigenvalues_still_give_an_orthonormal_basis_that_reconstructs()
    {
        const int n = 40;
        double[] basis = OrthonormalRows(n, n, 5);
        double[] values = Enumerable.Range(0, n).Select(i => i < 15 ? 4.0 : i < 35 ? -1.0 : 0.0).ToArray();
        double[] matrix = FromEigenpairs(basis, values);

        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);
        double[] sorted = values.OrderByDescending(value => value).ToArray();
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(sorted[k], result.Eigenvalues[k], 1e-12);
        }

        AssertEigenInvariants(matrix, n, result, 1e-12);

        SymmetricEigendecomposition identity = SymmetricEigensolver.Decompose(DenseMatrix.Identity(6).AsView());
        Assert.All(identity.Eigenvalues.ToArray(), value => Assert.Equal(1.0, value));
        AssertEigenInvariants(ToDouble(DenseMatrix.Identity(6).AsSpan()), 6, identity, 1e-14);

        SymmetricEigendecomposition zero = SymmetricEigensolver.Decompose(new double[9], 3);
        Assert.All(zero.Eigenvalues.ToArray(), value => Assert.Equal(0.0, value));
        AssertEigenInvariants(new double[9], 3, zero, 1e-14);
    }

    [Theory]
    [InlineData(64, 10, 1)]
    [InlineData(64, 10, 2)]
    [InlineData(100, 4, 3)]
    public void Low_rank_scatter_with_a_cluster_of_zero_eigenvalues_converges(int n, int classes, int seed)
    {
        // A between-class scatter sum_c n_c (mu_c - mu)(mu_c - mu)^T of pixel-like data: rank classes - 1, some rows and
        // columns exactly zero (constant pixels), the other eigenvalues zero up to rounding. The QL split test relative to
        // neighbouring diagonal entries alone never accepts the rounding-level couplings of that zero cluster.
        var random = new Random(seed);
        var means = new double[classes][];
        for (int c = 0; c < classes; c++)
        {
            means[c] = Enumerable.Range(0, n).Select(j => j % 8 == 0 ? 0.0 : Math.Round(16 * random.NextDouble() * random.NextDouble(), 3)).ToArray();
        }

        double[] overall = Enumerable.Range(0, n).Select(j => means.Average(mean => mean[j])).ToArray();
        var matrix = new double[n * n];
        for (int c = 0; c < classes; c++)
        {
            double count = 130 + c;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    matrix[(i * n) + j] += count * (means[c][i] - overall[i]) * (means[c][j] - overall[j]);
                }
            }
        }

        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);

        AssertEigenInvariants(matrix, n, result, 1e-12);
        double largest = result.Eigenvalues[0];
        Assert.Equal(classes - 1, result.Eigenvalues.ToArray().Count(value => value > 1e-10 * largest));
    }

    [Fact]
    public void Tiny_and_huge_scales_are_handled_without_underflow_or_overflow()
    {
        const int n = 12;
        double[] basis = OrthonormalRows(n, n, 8);
        foreach (double scale in new[] { 1e-200, 1e200 })
        {
            double[] values = Enumerable.Range(0, n).Select(i => scale * (i + 1)).ToArray();
            double[] matrix = FromEigenpairs(basis, values);
            SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);
            for (int k = 0; k < n; k++)
            {
                Assert.True(Math.Abs(result.Eigenvalues[k] - (scale * (n - k))) <= 1e-12 * scale * n, $"scale {scale}, eigenvalue {k}");
            }
        }
    }

    [Fact]
    public void Count_returns_the_largest_pairs_only()
    {
        const int n = 30;
        double[] basis = OrthonormalRows(n, n, 9);
        double[] values = Enumerable.Range(0, n).Select(i => (double)(i - 10)).ToArray();
        double[] matrix = FromEigenpairs(basis, values);

        SymmetricEigendecomposition top = SymmetricEigensolver.Decompose(matrix, n, count: 4);
        Assert.Equal(4, top.Count);
        Assert.Equal(n, top.Size);
        Assert.Equal(4, top.Eigenvectors.Rows);
        Assert.Equal(n, top.Eigenvectors.Columns);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(n - 11 - k, top.Eigenvalues[k], 1e-12);
            double overlap = Dot(top.Eigenvector(k), basis.AsSpan((n - 1 - k) * n, n));
            Assert.Equal(1, Math.Abs(overlap), 1e-10);
        }

        AssertEigenInvariants(matrix, n, top, 1e-12);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Every_vector_width_gives_correct_eigenpairs(VectorWidth width)
    {
        const int n = 61;
        double[] basis = OrthonormalRows(n, n, 31);
        double[] values = Enumerable.Range(0, n).Select(i => Math.Sin(i) * 3).ToArray();
        double[] matrix = FromEigenpairs(basis, values);
        using (KernelDispatch.Force(width))
        {
            SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(matrix, n);
            double[] sorted = values.OrderByDescending(value => value).ToArray();
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(sorted[k], result.Eigenvalues[k], 1e-12);
            }

            AssertEigenInvariants(matrix, n, result, 1e-12);
        }
    }

    [Fact]
    public void Slightly_asymmetric_input_within_tolerance_is_symmetrised()
    {
        var matrix = new float[] { 2, 1.00001f, 1, 2 };
        SymmetricEigendecomposition result = SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(matrix, 2, 2));
        Assert.Equal(2 + ((1.00001f + 1.0) / 2), result.Eigenvalues[0], 1e-12);
    }

    [Fact]
    public void Bad_input_is_rejected_with_clear_messages()
    {
        var nonSquare = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(new float[6], 2, 3)));
        Assert.Equal("matrix", nonSquare.ParamName);
        Assert.Contains("must be square; got 2 x 3", nonSquare.Message, StringComparison.Ordinal);

        var asymmetric = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.Decompose(new ReadOnlyMatrixView(new float[] { 1, 2, 0, 1, 5, 3, 0, 3, 1 }, 3, 3)));
        Assert.Contains("not symmetric: entry (0, 1) is 2 but entry (1, 0) is 1", asymmetric.Message, StringComparison.Ordinal);

        var notFinite = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.Decompose(new[] { 1, double.NaN, double.NaN, 1 }, 2));
        Assert.Contains("non-finite value NaN at row 0, column 1", notFinite.Message, StringComparison.Ordinal);

        var wrongLength = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.Decompose(new double[5], 2));
        Assert.Contains("size * size = 4", wrongLength.Message, StringComparison.Ordinal);

        var countTooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.Decompose(new double[4], 2, count: 3));
        Assert.Equal("count", countTooLarge.ParamName);
        Assert.Contains("[1, 2]", countTooLarge.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.Decompose(new double[4], 2, count: 0));

        var tolerance = Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.Decompose(new double[4], 2, symmetryTolerance: -1));
        Assert.Equal("symmetryTolerance", tolerance.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.Decompose(new double[4], 2, symmetryTolerance: double.NaN));

        // An infinite tolerance skips the check (the mean of each pair is used).
        Assert.Equal(2, SymmetricEigensolver.Decompose(new double[] { 1, 4, 0, 1 }, 2, symmetryTolerance: double.PositiveInfinity).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.Decompose(new double[4], 2).Eigenvector(2));
    }

    [Fact]
    public void Generalized_problem_with_diagonal_matrices_matches_the_closed_form()
    {
        // A = diag(a), B = diag(b): lambda_i = a_i / b_i, v_i = e_i / sqrt(b_i).
        double[] a = { 3, -2, 8 };
        double[] b = { 1.5, 4, 2 };
        var left = new float[9];
        var right = new float[9];
        for (int i = 0; i < 3; i++)
        {
            left[(i * 3) + i] = (float)a[i];
            right[(i * 3) + i] = (float)b[i];
        }

        SymmetricEigendecomposition result = SymmetricEigensolver.DecomposeGeneralized(new ReadOnlyMatrixView(left, 3, 3), new ReadOnlyMatrixView(right, 3, 3));
        Assert.Equal(new[] { 4, 2, -0.5 }, result.Eigenvalues.ToArray(), new ToleranceComparer(1e-14));
        AssertClose(new[] { 0, 0, 1 / Math.Sqrt(2) }, result.Eigenvector(0), 1e-14);
        AssertClose(new[] { 1 / Math.Sqrt(1.5), 0, 0 }, result.Eigenvector(1), 1e-14);
        AssertClose(new[] { 0, 0.5, 0 }, result.Eigenvector(2), 1e-14);
    }

    [Theory]
    [InlineData(1, 41)]
    [InlineData(7, 42)]
    [InlineData(100, 43)]
    public void Generalized_problem_has_small_residuals_and_b_orthonormal_vectors(int n, int seed)
    {
        double[] gaussian = Gaussian(n, n, seed);
        double[] a = Multiply(gaussian, Transpose(gaussian, n, n), n, n, n);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] -= 0.5 * n * (i % (n + 1) == 0 ? 1 : 0);
        }

        double[] factor = Gaussian(n, n, seed + 100);
        double[] b = Multiply(factor, Transpose(factor, n, n), n, n, n);
        for (int i = 0; i < n; i++)
        {
            b[(i * n) + i] += n;
        }

        SymmetricEigendecomposition result = SymmetricEigensolver.DecomposeGeneralized(a, b, n);
        double scale = Math.Max(Norm(a), Norm(b));
        for (int k = 0; k < n; k++)
        {
            if (k > 0)
            {
                Assert.True(result.Eigenvalues[k] <= result.Eigenvalues[k - 1]);
            }

            ReadOnlySpan<double> v = result.Eigenvector(k);
            double[] av = MultiplyVector(a, n, n, v);
            double[] bv = MultiplyVector(b, n, n, v);
            double[] residual = av.Zip(bv, (x, y) => x - (result.Eigenvalues[k] * y)).ToArray();
            Assert.True(Norm(residual) <= 1e-11 * scale * (1 + Math.Abs(result.Eigenvalues[k])) * Norm(v), $"residual of pair {k}: {Norm(residual)}");
            for (int j = 0; j <= k; j++)
            {
                double product = Dot(result.Eigenvector(j), bv);
                Assert.True(Math.Abs(product - (j == k ? 1 : 0)) <= 1e-11, $"v_{j}^T B v_{k} = {product}");
            }

            AssertSignConvention(v);
        }

        SymmetricEigendecomposition top = SymmetricEigensolver.DecomposeGeneralized(a, b, n, count: 1);
        Assert.Equal(result.Eigenvalues[0], top.Eigenvalues[0], 1e-12 * scale);
    }

    [Fact]
    public void Generalized_problem_rejects_a_b_that_is_not_positive_definite()
    {
        var a = new ReadOnlyMatrixView(new float[] { 1, 0, 0, 1 }, 2, 2);
        var b = new ReadOnlyMatrixView(new float[] { 1, 2, 2, 1 }, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.DecomposeGeneralized(a, b));
        Assert.Equal("b", error.ParamName);
        Assert.Contains("not positive definite: the pivot at row 1", error.Message, StringComparison.Ordinal);

        // A jitter of 2 makes B + 2 I = [[3, 2], [2, 3]] definite: eigenvalues of (B + 2I)^-1 are 1 and 1/5.
        SymmetricEigendecomposition regularised = SymmetricEigensolver.DecomposeGeneralized(a, b, jitter: 2);
        Assert.Equal(1, regularised.Eigenvalues[0], 1e-14);
        Assert.Equal(0.2, regularised.Eigenvalues[1], 1e-14);

        var sizes = Assert.Throws<ArgumentException>(() => SymmetricEigensolver.DecomposeGeneralized(a, DenseMatrix.Identity(3).AsView()));
        Assert.Contains("'b' is 3 x 3; it must have the order of 'a', 2", sizes.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigensolver.DecomposeGeneralized(a, a, jitter: -1));
    }

    /// <summary>Checks ||A v - lambda v|| small, V orthonormal, eigenvalues descending, sign convention and V^T Lambda V = A (for full decompositions).</summary>
    private static void AssertEigenInvariants(double[] matrix, int n, SymmetricEigendecomposition result, double relativeTolerance)
    {
        double scale = Math.Max(Norm(matrix), double.Epsilon);
        for (int k = 0; k < result.Count; k++)
        {
            double[] v = result.Eigenvector(k).ToArray();
            double lambda = result.Eigenvalues[k];
            double[] av = MultiplyVector(matrix, n, n, v);
            double residual = Norm(av.Select((value, i) => value - (lambda * v[i])).ToArray());
            Assert.True(residual <= relativeTolerance * scale * Math.Sqrt(n) || residual == 0, $"||A v - lambda v|| = {residual} for pair {k}");
            if (k > 0)
            {
                Assert.True(result.Eigenvalues[k] <= result.Eigenvalues[k - 1], $"eigenvalues not descending at {k}");
            }

            for (int j = 0; j <= k; j++)
            {
                double product = Dot(result.Eigenvector(j), v);
                Assert.True(Math.Abs(product - (j == k ? 1 : 0)) <= relativeTolerance * Math.Sqrt(n), $"v_{j} . v_{k} = {product}");
            }

            AssertSignConvention(v);
        }

        if (result.Count == n)
        {
            var rows = new double[n * n];
            for (int k = 0; k < n; k++)
            {
                result.Eigenvector(k).CopyTo(rows.AsSpan(k * n, n));
            }

            double[] rebuilt = FromEigenpairs(rows, result.Eigenvalues.ToArray());
            double error = Norm(rebuilt.Zip(matrix, (x, y) => x - y).ToArray());
            Assert.True(error <= relativeTolerance * scale * n || error == 0, $"||V^T Lambda V - A|| = {error}");
        }
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"component {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
