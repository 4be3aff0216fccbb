using static MLEmbeddings.Kernels.Tests.LinearAlgebraOracle;

namespace MLEmbeddings.Kernels.Tests;

public class CholeskyFactorizationTests
{
    [Fact]
    public void Two_by_two_matches_the_hand_computed_factor()
    {
        // [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt 2]]; det = 8.
        CholeskyFactorization factor = CholeskyFactorization.Factorize(new ReadOnlyMatrixView(new float[] { 4, 2, 2, 3 }, 2, 2));
        Assert.Equal(2, factor.Size);
        Assert.Equal(new[] { 2.0 }, factor.LowerRow(0).ToArray());
        Assert.Equal(1.0, factor.LowerRow(1)[0], 1e-15);
        Assert.Equal(Math.Sqrt(2), factor.LowerRow(1)[1], 1e-15);
        Assert.Equal(Math.Log(8), factor.LogDeterminant, 1e-14);
        Assert.Equal(new float[] { 2, 0, 1, (float)Math.Sqrt(2) }, factor.ToLowerMatrix().ToArray());

        // [[4, 2], [2, 3]] x = (2, 5) has x = (-0.5, 2).
        var solution = new double[2];
        factor.Solve(new double[] { 2, 5 }, solution);
        Assert.Equal(-0.5, solution[0], 1e-15);
        Assert.Equal(2, solution[1], 1e-15);
    }

    [Fact]
    public void One_by_one_and_empty_matrices()
    {
        CholeskyFactorization one = CholeskyFactorization.Factorize(new double[] { 9 }, 1);
        Assert.Equal(3, one.LowerRow(0)[0]);
        Assert.Equal(Math.Log(9), one.LogDeterminant, 1e-15);
        CholeskyFactorization empty = CholeskyFactorization.Factorize(ReadOnlySpan<double>.Empty, 0);
        Assert.Equal(0, empty.LogDeterminant);
    }

    [Theory]
    [InlineData(7, 51)]
    [InlineData(100, 52)]
    [InlineData(500, 53)]
    public void Factor_reproduces_the_matrix_and_log_determinant_of_a_planted_spectrum(int n, int seed)
    {
        // A = Q^T diag(lambda) Q has log det A = sum log lambda_i, independent of the factorization.
        double[] basis = OrthonormalRows(n, n, seed);
        double[] spectrum = Enumerable.Range(0, n).Select(i => 0.5 + (i % 7)).ToArray();
        double[] matrix = FromEigenpairs(basis, spectrum);
        CholeskyFactorization factor = CholeskyFactorization.Factorize(matrix, n);

        Assert.Equal(spectrum.Sum(Math.Log), factor.LogDeterminant, 1e-10 * n);
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> rowI = factor.LowerRow(i);
            for (int j = 0; j <= i; j++)
            {
                // (L L^T)_ij = sum_k<=j L_ik L_jk.
                double product = Dot(rowI.Slice(0, j + 1), factor.LowerRow(j));
                largest = Math.Max(largest, Math.Abs(product - matrix[(i * n) + j]));
            }
        }

        Assert.True(largest <= 1e-13 * 7 * n, $"max |L L^T - A| = {largest}");

        double[] rightHandSide = Gaussian(1, n, seed + 1);
        var solution = new double[n];
        factor.Solve(rightHandSide, solution);
        double[] residual = MultiplyVector(matrix, n, n, solution).Zip(rightHandSide, (x, y) => x - y).ToArray();
        Assert.True(Norm(residual) <= 1e-12 * Norm(rightHandSide) * n, $"||A x - b|| = {Norm(residual)}");
    }

    [Fact]
    public void Float_solves_one_and_many_right_hand_sides_with_identical_results_for_any_thread_count()
    {
        const int n = 300;
        double[] gaussian = Gaussian(n, n, 61);
        double[] gram = Multiply(gaussian, Transpose(gaussian, n, n), n, n, n);
        for (int i = 0; i < n; i++)
        {
            gram[(i * n) + i] += n;
        }

        float[] matrix = ToFloat(gram);
        double[] rounded = ToDouble(matrix);
        CholeskyFactorization factor = CholeskyFactorization.Factorize(new ReadOnlyMatrixView(matrix, n, n));

        const int count = 9;
        float[] rightHandSides = ToFloat(Gaussian(count, n, 62));
        var serial = new float[count * n];
        var parallel = new float[count * n];
        factor.Solve(new ReadOnlyMatrixView(rightHandSides, count, n), new MatrixView(serial, count, n), maxDegreeOfParallelism: 1);
        factor.Solve(new ReadOnlyMatrixView(rightHandSides, count, n), new MatrixView(parallel, count, n), maxDegreeOfParallelism: -1);
        Assert.Equal(serial, parallel);

        for (int r = 0; r < count; r++)
        {
            double[] x = ToDouble(serial.AsSpan(r * n, n));
            double[] b = ToDouble(rightHandSides.AsSpan(r * n, n));
            double[] residual = MultiplyVector(rounded, n, n, x).Zip(b, (left, right) => left - right).ToArray();

            // x is rounded to float, so the residual is about 1e-7 ||A|| ||x||.
            Assert.True(Norm(residual) <= 1e-6 * Norm(rounded) * Norm(x), $"row {r}: ||A x - b|| = {Norm(residual)}");

            var single = new float[n];
            factor.Solve(rightHandSides.AsSpan(r * n, n), single);
            Assert.Equal(serial.AsSpan(r * n, n).ToArray(), single);
        }

        // In place: the solution may overwrite the right-hand side.
        float[] inPlace = rightHandSides.AsSpan(0, n).ToArray();
        factor.Solve(inPlace, inPlace);
        Assert.Equal(serial.AsSpan(0, n).ToArray(), inPlace);
    }

    [Fact]
    public void Not_positive_definite_names_the_failing_pivot_and_jitter_regularises()
    {
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1; the second pivot is 1 - 2^2 = -3.
        var indefinite = new ReadOnlyMatrixView(new float[] { 1, 2, 2, 1 }, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => CholeskyFactorization.Factorize(indefinite));
        Assert.Equal("matrix", error.ParamName);
        Assert.Contains("not positive definite: the pivot at row 1 (0-based) of 2 is -3", error.Message, StringComparison.Ordinal);
        Assert.Contains("jitter", error.Message, StringComparison.Ordinal);

        // A semi-definite rank-1 matrix fails at its second pivot; a jitter makes it definite: det(A + jI) = j (2 + j) for A = [[1, 1], [1, 1]].
        var semidefinite = new ReadOnlyMatrixView(new float[] { 1, 1, 1, 1 }, 2, 2);
        Assert.Contains("pivot at row 1", Assert.Throws<ArgumentException>(() => CholeskyFactorization.Factorize(semidefinite)).Message, StringComparison.Ordinal);
        CholeskyFactorization regularised = CholeskyFactorization.Factorize(semidefinite, jitter: 0.5);
        Assert.Equal(0.5, regularised.Jitter);
        Assert.Equal(Math.Log(0.5 * 2.5), regularised.LogDeterminant, 1e-14);

        var zeroPivot = Assert.Throws<ArgumentException>(() => CholeskyFactorization.Factorize(new double[] { 0, 0, 0, 1 }, 2));
        Assert.Contains("pivot at row 0 (0-based) of 2 is 0", zeroPivot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_rejected_with_clear_messages()
    {
        var nonSquare = Assert.Throws<ArgumentException>(() => CholeskyFactorization.Factorize(new ReadOnlyMatrixView(new float[6], 3, 2)));
        Assert.Contains("must be square; got 3 x 2", nonSquare.Message, StringComparison.Ordinal);

        var asymmetric = Assert.Throws<ArgumentException>(() => CholeskyFactorization.Factorize(new double[] { 2, 1, 0.5, 2 }, 2));
        Assert.Contains("not symmetric: entry (0, 1) is 1 but entry (1, 0) is 0.5", asymmetric.Message, StringComparison.Ordinal);

        var jitter = Assert.Throws<ArgumentOutOfRangeException>(() => CholeskyFactorization.Factorize(new double[] { 1 }, 1, jitter: -1e-3));
        Assert.Equal("jitter", jitter.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => CholeskyFactorization.Factorize(new double[] { 1 }, 1, jitter: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => CholeskyFactorization.Factorize(new double[] { 1 }, 1, jitter: double.NaN));

        CholeskyFactorization factor = CholeskyFactorization.Factorize(new double[] { 4, 0, 0, 4 }, 2);
        var length = Assert.Throws<ArgumentException>(() => factor.Solve(new double[3], new double[2]));
        Assert.Equal("rightHandSide", length.ParamName);
        Assert.Throws<ArgumentException>(() => factor.Solve(new float[2], new float[3]));
        var columns = Assert.Throws<ArgumentException>(() => factor.Solve(new ReadOnlyMatrixView(new float[6], 2, 3), new MatrixView(new float[6], 2, 3)));
        Assert.Contains("has 3 columns; expected 2", columns.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => factor.Solve(new ReadOnlyMatrixView(new float[4], 2, 2), new MatrixView(new float[6], 3, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => factor.Solve(new ReadOnlyMatrixView(new float[4], 2, 2), new MatrixView(new float[4], 2, 2), maxDegreeOfParallelism: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => factor.LowerRow(2));
    }
}
