using static MLEmbeddings.Kernels.Tests.LinearAlgebraOracle;

namespace MLEmbeddings.Kernels.Tests;

public class RandomizedSvdTests
{
    [Theory]
    [InlineData(400, 120, 5, 71)]
    [InlineData(60, 250, 8, 72)]
    public void Planted_rank_r_matrix_is_recovered_and_reconstructed(int rows, int columns, int rank, int seed)
    {
        // A = U0 diag(s) V0^T with orthonormal U0 (rows x rank), V0 (rank x columns given as rows).
        double[] left = Transpose(OrthonormalRows(rank, rows, seed), rank, rows);
        double[] right = OrthonormalRows(rank, columns, seed + 1);
        double[] planted = Enumerable.Range(0, rank).Select(i => 10.0 / (i + 1)).ToArray();
        float[] matrix = ToFloat(Product(left, planted, right, rows, rank, columns));

        SingularValueDecomposition result = RandomizedSvd.Decompose(new ReadOnlyMatrixView(matrix, rows, columns), rank, seed: 3);
        Assert.Equal(rank, result.Rank);
        Assert.Equal(rows, result.LeftSingularVectors.Rows);
        Assert.Equal(rank, result.LeftSingularVectors.Columns);
        Assert.Equal(rank, result.RightSingularVectors.Rows);
        Assert.Equal(columns, result.RightSingularVectors.Columns);
        for (int j = 0; j < rank; j++)
        {
            Assert.True(Math.Abs(result.SingularValues[j] - planted[j]) <= 1e-5 * planted[0], $"sigma_{j} = {result.SingularValues[j]}, planted {planted[j]}");

            // Distinct planted values: each right vector is a planted one up to sign, with u_j of the same sign.
            double[] v = ToDouble(result.RightSingularVectors.Row(j));
            double overlap = Dot(v, right.AsSpan(j * columns, columns));
            Assert.True(Math.Abs(Math.Abs(overlap) - 1) <= 1e-5, $"|v_{j} . planted| = {overlap}");
            AssertSignConvention(v);
        }

        AssertOrthonormal(result, rows, columns);
        double[] rebuilt = Reconstruct(result, rows, columns);
        double error = Norm(rebuilt.Zip(matrix, (x, y) => x - y).ToArray());
        Assert.True(error <= 1e-5 * Norm(ToDouble(matrix)), $"||U S V^T - A|| = {error}");
    }

    [Fact]
    public void Top_singular_values_of_a_full_rank_matrix_match_the_eigenvalues_of_its_gram_matrix()
    {
        const int rows = 300;
        const int columns = 90;
        const int rank = 6;

        (float[] matrix, SymmetricEigendecomposition reference) = DecayingGaussian(rows, columns, rank, 81);

        SingularValueDecomposition result = RandomizedSvd.Decompose(new ReadOnlyMatrixView(matrix, rows, columns), rank, seed: 5);
        for (int j = 0; j < rank; j++)
        {
            double expected = Math.Sqrt(reference.Eigenvalues[j]);
            Assert.True(Math.Abs(result.SingularValues[j] - expected) <= 1e-4 * expected, $"sigma_{j} = {result.SingularValues[j]}, expected {expected}");
            double overlap = Dot(ToDouble(result.RightSingularVectors.Row(j)), reference.Eigenvector(j));
            Assert.True(Math.Abs(overlap - 1) <= 1e-3, $"v_{j} . eigenvector = {overlap}");
        }

        AssertOrthonormal(result, rows, columns);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count_and_follow_the_seed()
    {
        // 4,000 rows x 20 samples is above the size at which the QR steps run in parallel.
        const int rows = 4000;
        const int columns = 48;
        float[] matrix = ToFloat(Gaussian(rows, columns, 91));
        var view = new ReadOnlyMatrixView(matrix, rows, columns);

        SingularValueDecomposition serial = RandomizedSvd.Decompose(view, 10, seed: 7, maxDegreeOfParallelism: 1);
        SingularValueDecomposition parallel = RandomizedSvd.Decompose(view, 10, seed: 7, maxDegreeOfParallelism: -1);
        SingularValueDecomposition two = RandomizedSvd.Decompose(view, 10, seed: 7, maxDegreeOfParallelism: 2);
        foreach (SingularValueDecomposition other in new[] { parallel, two })
        {
            Assert.Equal(serial.SingularValues.ToArray(), other.SingularValues.ToArray());
            Assert.Equal(serial.LeftSingularVectors.ToArray(), other.LeftSingularVectors.ToArray());
            Assert.Equal(serial.RightSingularVectors.ToArray(), other.RightSingularVectors.ToArray());
        }

        SingularValueDecomposition otherSeed = RandomizedSvd.Decompose(view, 10, seed: 8);
        Assert.NotEqual(serial.LeftSingularVectors.ToArray(), otherSeed.LeftSingularVectors.ToArray());
    }

    [Fact]
    public void Rank_above_the_true_rank_keeps_orthonormal_factors_and_zero_matrix_works()
    {
        const int rows = 50;
        const int columns = 30;

        // A rank-2 matrix asked for rank 5: three singular values are (numerically) zero.
        double[] left = Transpose(OrthonormalRows(2, rows, 101), 2, rows);
        double[] right = OrthonormalRows(2, columns, 102);
        float[] matrix = ToFloat(Product(left, new[] { 3.0, 2.0 }, right, rows, 2, columns));
        SingularValueDecomposition result = RandomizedSvd.Decompose(new ReadOnlyMatrixView(matrix, rows, columns), 5, oversampling: 0, powerIterations: 1);
        Assert.Equal(3, result.SingularValues[0], 1e-5);
        Assert.Equal(2, result.SingularValues[1], 1e-5);
        for (int j = 2; j < 5; j++)
        {
            Assert.True(result.SingularValues[j] <= 1e-5, $"sigma_{j} = {result.SingularValues[j]}");
        }

        AssertOrthonormal(result, rows, columns);

        SingularValueDecomposition zero = RandomizedSvd.Decompose(new ReadOnlyMatrixView(new float[rows * columns], rows, columns), 4);
        Assert.All(zero.SingularValues.ToArray(), value => Assert.Equal(0.0, value));
        AssertOrthonormal(zero, rows, columns);
    }

    [Fact]
    public void Smallest_shapes_work()
    {
        // 1 x 1: sigma = |a|, u = sign, v = 1.
        SingularValueDecomposition one = RandomizedSvd.Decompose(new ReadOnlyMatrixView(new float[] { -2.5f }, 1, 1), 1);
        Assert.Equal(2.5, one.SingularValues[0], 1e-6);
        Assert.Equal(1f, one.RightSingularVectors[0, 0]);
        Assert.Equal(-1f, one.LeftSingularVectors[0, 0], 1e-6f);

        // 2 x 2 diag(3, -4): sigma = 4, 3.
        SingularValueDecomposition two = RandomizedSvd.Decompose(new ReadOnlyMatrixView(new float[] { 3, 0, 0, -4 }, 2, 2), 2);
        Assert.Equal(4, two.SingularValues[0], 1e-6);
        Assert.Equal(3, two.SingularValues[1], 1e-6);
        Assert.Equal(new float[] { 0, 1, 1, 0 }, two.RightSingularVectors.ToArray().Select(x => MathF.Round(x, 5)).ToArray());
        Assert.Equal(new float[] { 0, 1, -1, 0 }, two.LeftSingularVectors.ToArray().Select(x => MathF.Round(x, 5)).ToArray());
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_clear_messages()
    {
        var view = new ReadOnlyMatrixView(new float[12], 4, 3);
        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, 4));
        Assert.Equal("rank", tooLarge.ParamName);
        Assert.Contains("must be in [1, 3]", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("4 rows and 3 columns", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal("rank", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, 0)).ParamName);
        Assert.Equal("rank", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, -1)).ParamName);
        Assert.Equal("oversampling", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, 1, oversampling: -1)).ParamName);
        Assert.Equal("powerIterations", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, 1, powerIterations: -1)).ParamName);
        Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(view, 1, maxDegreeOfParallelism: 0)).ParamName);
        Assert.Equal("rank", Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSvd.Decompose(new ReadOnlyMatrixView(Array.Empty<float>(), 0, 5), 1)).ParamName);

        float[] withNaN = new float[12];
        withNaN[7] = float.NaN;
        var notFinite = Assert.Throws<ArgumentException>(() => RandomizedSvd.Decompose(new ReadOnlyMatrixView(withNaN, 4, 3), 1));
        Assert.Contains("non-finite value in row 2", notFinite.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_vector_width_gives_the_planted_decomposition()
    {
        const int rows = 80;
        const int columns = 40;
        double[] left = Transpose(OrthonormalRows(3, rows, 111), 3, rows);
        double[] right = OrthonormalRows(3, columns, 112);
        float[] matrix = ToFloat(Product(left, new[] { 5.0, 2.0, 1.0 }, right, rows, 3, columns));
        foreach (VectorWidth width in Widths)
        {
            using (KernelDispatch.Force(width))
            {
                SingularValueDecomposition result = RandomizedSvd.Decompose(new ReadOnlyMatrixView(matrix, rows, columns), 3);
                Assert.Equal(5, result.SingularValues[0], 1e-5);
                Assert.Equal(2, result.SingularValues[1], 1e-5);
                Assert.Equal(1, result.SingularValues[2], 1e-5);
                AssertOrthonormal(result, rows, columns);
            }
        }
    }

    [Fact]
    public void Algorithm_runs_on_any_linear_operator_such_as_a_sparse_matrix()
    {
        const int rows = 120;
        const int columns = 70;
        double[] values = Gaussian(rows, columns, 121);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 3 == 0 ? Math.Abs(values[i]) * (1 + (i % columns)) : 0;
        }

        float[] dense = ToFloat(values);
        var view = new ReadOnlyMatrixView(dense, rows, columns);
        var sparse = new SparseOperator(CsrMatrix.FromDense(view));
        SingularValueDecomposition fromSparse = RandomizedSvd.Decompose(sparse, 4, oversampling: 10, powerIterations: 4, seed: 2, maxDegreeOfParallelism: 1);
        SingularValueDecomposition fromDense = RandomizedSvd.Decompose(view, 4, seed: 2);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(fromDense.SingularValues[j], fromSparse.SingularValues[j], 1e-4 * fromDense.SingularValues[0]);
        }

        AssertOrthonormal(fromSparse, rows, columns);
    }

    /// <summary><c>L diag(s) R</c> for <c>L</c> (<c>rows x rank</c>) and <c>R</c> (<c>rank x columns</c>).</summary>
    private static double[] Product(double[] left, double[] values, double[] right, int rows, int rank, int columns)
    {
        double[] scaled = (double[])left.Clone();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < rank; j++)
            {
                scaled[(i * rank) + j] *= values[j];
            }
        }

        return Multiply(scaled, right, rows, rank, columns);
    }

    private static double[] Reconstruct(SingularValueDecomposition result, int rows, int columns)
        => Product(ToDouble(result.LeftSingularVectors.AsSpan()), result.SingularValues.ToArray(), ToDouble(result.RightSingularVectors.AsSpan()), rows, result.Rank, columns);

    /// <summary>U^T U = I and V^T V = I to float accuracy, singular values descending and non-negative.</summary>
    private static void AssertOrthonormal(SingularValueDecomposition result, int rows, int columns)
    {
        int rank = result.Rank;
        double[] u = Transpose(ToDouble(result.LeftSingularVectors.AsSpan()), rows, rank);
        double[] v = ToDouble(result.RightSingularVectors.AsSpan());
        for (int i = 0; i < rank; i++)
        {
            Assert.True(result.SingularValues[i] >= 0);
            if (i > 0)
            {
                Assert.True(result.SingularValues[i] <= result.SingularValues[i - 1]);
            }

            for (int j = 0; j <= i; j++)
            {
                double expected = i == j ? 1 : 0;
                double uu = Dot(u.AsSpan(i * rows, rows), u.AsSpan(j * rows, rows));
                double vv = Dot(v.AsSpan(i * columns, columns), v.AsSpan(j * columns, columns));
                Assert.True(Math.Abs(uu - expected) <= 1e-5, $"u_{i} . u_{j} = {uu}");
                Assert.True(Math.Abs(vv - expected) <= 1e-5, $"v_{i} . v_{j} = {vv}");
            }
        }
    }

    /// <summary>A CSR matrix as a linear operator, written plainly in the test: proves the algorithm needs only the two products.</summary>
    private sealed class SparseOperator(CsrMatrix matrix) : ILinearOperator
    {
        public int Rows => matrix.Rows;

        public int Columns => matrix.Columns;

        public void Multiply(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
        {
            for (int j = 0; j < vectors.Rows; j++)
            {
                for (int i = 0; i < matrix.Rows; i++)
                {
                    double sum = 0;
                    for (int k = matrix.RowPointers[i]; k < matrix.RowPointers[i + 1]; k++)
                    {
                        sum += matrix.Values[k] * vectors[j, matrix.ColumnIndices[k]];
                    }

                    result[j, i] = (float)sum;
                }
            }
        }

        public void MultiplyColumns(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
            => throw new NotSupportedException("RandomizedSvd multiplies blocks of rows only.");

        public void MultiplyNormal(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism)
            => throw new NotSupportedException("RandomizedSvd multiplies blocks of rows only.");

        public void MultiplyTransposed(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism)
        {
            result.Fill(0);
            for (int j = 0; j < vectors.Rows; j++)
            {
                for (int i = 0; i < matrix.Rows; i++)
                {
                    for (int k = matrix.RowPointers[i]; k < matrix.RowPointers[i + 1]; k++)
                    {
                        result[j, matrix.ColumnIndices[k]] += matrix.Values[k] * vectors[j, i];
                    }
                }
            }
        }
    }
}
