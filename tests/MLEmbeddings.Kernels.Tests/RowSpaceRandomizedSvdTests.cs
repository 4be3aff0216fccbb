using static MLEmbeddings.Kernels.Tests.LinearAlgebraOracle;

namespace MLEmbeddings.Kernels.Tests;

public class RowSpaceRandomizedSvdTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    /// <summary>A = U0 diag(s) V0^T with orthonormal U0 (rows x rank) and V0 (given as rank rows of length columns), s_i = 10 / (i + 1).</summary>
    private static (float[] Matrix, double[] Right, double[] Planted) Planted(int rows, int columns, int rank, int seed)
    {
        double[] left = Transpose(OrthonormalRows(rank, rows, seed), rank, rows);
        double[] right = OrthonormalRows(rank, columns, seed + 1);
        double[] planted = Enumerable.Range(0, rank).Select(i => 10.0 / (i + 1)).ToArray();
        return (ToFloat(Product(left, planted, right, rows, rank, columns)), right, planted);
    }

    private static double[] Product(double[] left, double[] values, double[] right, int rows, int rank, int columns)
    {
        var result = new double[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int t = 0; t < rank; t++)
            {
                double scale = left[(i * rank) + t] * values[t];
                for (int j = 0; j < columns; j++)
                {
                    result[(i * columns) + j] += scale * right[(t * columns) + j];
                }
            }
        }

        return result;
    }

    private static double[] Column(MatrixView view, int column) => Enumerable.Range(0, view.Rows).Select(i => (double)view[i, column]).ToArray();

    [Theory]
    [MemberData(nameof(Widths))]
    public void Planted_rank_r_matrix_is_recovered_through_dense_and_sparse_operators(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 400;
        const int columns = 120;
        const int rank = 5;
        (float[] matrix, double[] right, double[] planted) = Planted(rows, columns, rank, 71);
        var dense = new ReadOnlyMatrixView(matrix, rows, columns);
        foreach (ILinearOperator matrixOperator in new ILinearOperator[] { new DenseLinearOperator(dense), new CsrLinearOperator(CsrMatrix.FromDense(dense)) })
        {
            MatrixView left = MatrixView.Allocate(rows, rank);
            MatrixView rightTransposed = MatrixView.Allocate(columns, rank);
            double[] values = RowSpaceRandomizedSvd.Decompose(matrixOperator, rank, 10, 4, seed: 3, left, rightTransposed, maxDegreeOfParallelism: 2);
            double[] rebuilt = new double[rows * columns];
            for (int j = 0; j < rank; j++)
            {
                Assert.True(Math.Abs(values[j] - planted[j]) <= 1e-4 * planted[0], $"{matrixOperator.GetType().Name}: sigma_{j} = {values[j]}, planted {planted[j]}");
                double[] v = Column(rightTransposed, j);
                double[] u = Column(left, j);
                Assert.True(Math.Abs(Math.Abs(Dot(v, right.AsSpan(j * columns, columns))) - 1) <= 1e-4, $"v_{j} is not the planted vector");
                AssertSignConvention(v);
                for (int t = 0; t <= j; t++)
                {
                    double expected = t == j ? 1 : 0;
                    Assert.True(Math.Abs(Dot(u, Column(left, t)) - expected) <= 1e-4, $"u_{j} . u_{t}");
                    Assert.True(Math.Abs(Dot(v, Column(rightTransposed, t)) - expected) <= 1e-4, $"v_{j} . v_{t}");
                }

                for (int i = 0; i < rows; i++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        rebuilt[(i * columns) + c] += u[i] * values[j] * v[c];
                    }
                }
            }

            double error = Norm(rebuilt.Zip(matrix, (x, y) => x - y).ToArray());
            Assert.True(error <= 1e-4 * Norm(ToDouble(matrix)), $"||U S V^T - A|| = {error}");
        }
    }

    [Fact]
    public void Top_singular_values_of_a_full_rank_matrix_match_the_eigenvalues_of_its_double_gram_matrix()
    {
        const int rows = 300;
        const int columns = 90;
        const int rank = 6;
        (float[] matrix, SymmetricEigendecomposition reference) = DecayingGaussian(rows, columns, rank, 81);
        MatrixView left = MatrixView.Allocate(rows, rank);
        MatrixView rightTransposed = MatrixView.Allocate(columns, rank);
        double[] values = RowSpaceRandomizedSvd.Decompose(new DenseLinearOperator(new ReadOnlyMatrixView(matrix, rows, columns)), rank, 10, 4, seed: 5, left, rightTransposed, 1);
        for (int j = 0; j < rank; j++)
        {
            double expected = Math.Sqrt(reference.Eigenvalues[j]);
            Assert.True(Math.Abs(values[j] - expected) <= 1e-4 * expected, $"sigma_{j} = {values[j]}, expected {expected}");
            Assert.True(Math.Abs(Dot(Column(rightTransposed, j), reference.Eigenvector(j)) - 1) <= 1e-3, $"v_{j} is not the eigenvector");
        }
    }

    [Fact]
    public void Triplets_beyond_the_data_rank_come_back_as_zero_and_the_leading_ones_are_exact()
    {
        const int rows = 200;
        const int columns = 60;
        (float[] matrix, double[] right, double[] planted) = Planted(rows, columns, 3, 17);
        MatrixView left = MatrixView.Allocate(rows, 5);
        MatrixView rightTransposed = MatrixView.Allocate(columns, 5);
        double[] values = RowSpaceRandomizedSvd.Decompose(new DenseLinearOperator(new ReadOnlyMatrixView(matrix, rows, columns)), 5, 10, 4, seed: 1, left, rightTransposed, 2);
        for (int j = 0; j < 3; j++)
        {
            Assert.True(Math.Abs(values[j] - planted[j]) <= 1e-4 * planted[0], $"sigma_{j} = {values[j]}");
            Assert.True(Math.Abs(Math.Abs(Dot(Column(rightTransposed, j), right.AsSpan(j * columns, columns))) - 1) <= 1e-4);
        }

        for (int j = 3; j < 5; j++)
        {
            Assert.Equal(0, values[j]);
            Assert.All(Column(left, j), value => Assert.Equal(0, value));
            Assert.All(Column(rightTransposed, j), value => Assert.Equal(0, value));
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_every_thread_count_and_wherever_the_working_blocks_live()
    {
        const int rows = 5000;
        const int columns = 40;
        const int rank = 4;
        (CsrMatrix sparse, _) = SparseMatrixProductsTests.RandomSparse(rows, columns, 23);
        var results = new List<(double[] Values, float[] Left, float[] Right)>();
        foreach ((int threads, bool strided) in new[] { (1, false), (2, false), (3, true) })
        {
            // A strided left view cannot hold the blocks, so they are allocated; a contiguous one holds them.
            var leftStorage = new float[rows * (rank + (strided ? 1 : 0))];
            var left = new MatrixView(leftStorage, rows, rank, rank + (strided ? 1 : 0));
            MatrixView rightTransposed = MatrixView.Allocate(columns, rank);
            double[] values = RowSpaceRandomizedSvd.Decompose(new CsrLinearOperator(sparse), rank, 10, 3, seed: 9, left, rightTransposed, threads);
            results.Add((values, Enumerable.Range(0, rows).SelectMany(i => left.Row(i).ToArray()).ToArray(), rightTransposed.ToArray()));
        }

        foreach ((double[] values, float[] left, float[] right) in results.Skip(1))
        {
            Assert.Equal(results[0].Values, values);
            Assert.Equal(results[0].Left, left);
            Assert.Equal(results[0].Right, right);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Normal_products_match_the_double_reference_whatever_the_thread_count(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 300;
        const int columns = 37;
        (CsrMatrix sparse, float[] dense) = SparseMatrixProductsTests.RandomSparse(rows, columns, 31);
        foreach (int k in new[] { 1, 7, 20 })
        {
            float[] basis = ScalarReference.RandomValues(k + 5, columns * k);
            double[] gram = FactorizationOracle.Multiply(FactorizationOracle.Transpose(dense, rows, columns), dense, columns, rows, columns);
            double[] expected = new double[columns * k];
            for (int i = 0; i < columns; i++)
            {
                for (int c = 0; c < columns; c++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        expected[(i * k) + j] += gram[(i * columns) + c] * basis[(c * k) + j];
                    }
                }
            }

            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var result = new float[columns * k];
                result.AsSpan().Fill(float.NaN);
                SparseMatrixProducts.MultiplyNormal(sparse, new ReadOnlyMatrixView(basis, columns, k), new MatrixView(result, columns, k), threads);
                Assert.True(FactorizationOracle.RelativeDifference(expected, result) < 1e-5, $"k = {k}, {threads} threads");
                first ??= result;
                Assert.Equal(first, result);
            }

            var denseResult = new float[columns * k];
            new DenseLinearOperator(new ReadOnlyMatrixView(dense, rows, columns)).MultiplyNormal(new ReadOnlyMatrixView(basis, columns, k), new MatrixView(denseResult, columns, k), 2);
            Assert.True(FactorizationOracle.RelativeDifference(expected, denseResult) < 1e-5, $"dense, k = {k}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Two_svqb_passes_give_orthonormal_columns_spanning_the_block_even_with_a_dependent_and_a_zero_column(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 500;
        const int columns = 6;
        double[] values = Gaussian(rows, columns, 41);
        for (int i = 0; i < rows; i++)
        {
            values[(i * columns) + 3] = values[(i * columns) + 0] + (2 * values[(i * columns) + 1]);
            values[(i * columns) + 5] = 0;
            values[(i * columns) + 2] *= 1e3;
        }

        float[] original = ToFloat(values);
        var block = (float[])original.Clone();
        ColumnOrthonormalization.Orthonormalize(new MatrixView(block, rows, columns), MatrixView.Allocate(rows, columns), passes: 2, maxDegreeOfParallelism: 2);
        var basis = new MatrixView(block, rows, columns);
        double[][] q = Enumerable.Range(0, columns).Select(j => Column(basis, j)).ToArray();
        // Columns come back in the order of the scaled Gram matrix's eigenvalues: the zero column's direction (no weight,
        // no rounding noise) is last and (near) zero; the four independent directions and the dependent one, completed
        // from its rounding noise, come first and orthonormal.
        Assert.True(Norm(q[5]) <= 1e-6, $"the weightless direction has norm {Norm(q[5])}");
        for (int a = 0; a < 5; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                Assert.True(Math.Abs(Dot(q[a], q[b]) - (a == b ? 1 : 0)) <= 1e-5, $"q_{a} . q_{b} = {Dot(q[a], q[b])}");
            }
        }

        // Every original column lies in the span: its residual after projection is float rounding.
        for (int j = 0; j < columns; j++)
        {
            double[] column = Enumerable.Range(0, rows).Select(i => (double)original[(i * columns) + j]).ToArray();
            double[] residual = (double[])column.Clone();
            for (int a = 0; a < 5; a++)
            {
                double projection = Dot(column, q[a]);
                for (int i = 0; i < rows; i++)
                {
                    residual[i] -= projection * q[a][i];
                }
            }

            Assert.True(Norm(residual) <= 1e-5 * (Norm(column) + 1e-30), $"column {j} leaves residual {Norm(residual)}");
        }
    }
}
