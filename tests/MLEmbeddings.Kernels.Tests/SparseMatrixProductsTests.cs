using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class SparseMatrixProductsTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    /// <summary>A sparse non-negative rows x columns matrix (about 25 % stored), with an empty row and an empty column.</summary>
    internal static (CsrMatrix Sparse, float[] Dense) RandomSparse(int rows, int columns, int seed)
    {
        float[] dense = FactorizationOracle.NonNegative(seed, rows * columns, 2f, zeroShare: 0.75);
        dense.AsSpan(Math.Min(3, rows - 1) * columns, columns).Clear();
        for (int i = 0; i < rows; i++)
        {
            dense[(i * columns) + Math.Min(2, columns - 1)] = 0f;
        }

        return (CsrMatrix.FromDense(new ReadOnlyMatrixView(dense, rows, columns)), dense);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Products_match_the_dense_double_reference_for_widths_with_and_without_tails(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 530;
        const int columns = 23;
        (CsrMatrix sparse, float[] dense) = RandomSparse(rows, columns, 1);
        foreach (int k in new[] { 1, 3, 4, 7, 16, 20, 37 })
        {
            float[] right = ScalarReference.RandomValues(k, columns * k);
            var product = new float[rows * k];
            SparseMatrixProducts.Multiply(sparse, new ReadOnlyMatrixView(right, columns, k), new MatrixView(product, rows, k));
            Assert.True(FactorizationOracle.RelativeDifference(FactorizationOracle.Multiply(dense, right, rows, columns, k), product) < 1e-5, $"A B, k = {k}");

            float[] left = ScalarReference.RandomValues(100 + k, rows * k);
            var transposed = new float[columns * k];
            transposed.AsSpan().Fill(float.NaN);
            SparseMatrixProducts.TransposeMultiply(sparse, new ReadOnlyMatrixView(left, rows, k), new MatrixView(transposed, columns, k), maxDegreeOfParallelism: 3);
            double[] expected = FactorizationOracle.Multiply(FactorizationOracle.Transpose(dense, rows, columns), left, columns, rows, k);
            Assert.True(FactorizationOracle.RelativeDifference(expected, transposed) < 1e-5, $"A^T B, k = {k}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Product_at_stored_entries_is_the_low_rank_product_there(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 70;
        const int columns = 40;
        const int rank = 19;
        (CsrMatrix sparse, _) = RandomSparse(rows, columns, 2);
        float[] left = FactorizationOracle.NonNegative(3, rows * rank);
        float[] right = FactorizationOracle.NonNegative(4, columns * rank);
        var values = new float[sparse.NonZeroCount];
        SparseMatrixProducts.ProductAtNonZeros(sparse, new ReadOnlyMatrixView(left, rows, rank), new ReadOnlyMatrixView(right, columns, rank), values);
        double[] full = FactorizationOracle.Multiply(left, FactorizationOracle.Transpose(right, columns, rank), rows, rank, columns);
        int p = 0;
        for (int i = 0; i < rows; i++)
        {
            foreach (int j in sparse.RowColumnIndices(i))
            {
                Assert.Equal(full[(i * columns) + j], values[p++], 1e-5 * full[(i * columns) + j]);
            }
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_every_thread_count()
    {
        const int rows = 2000;
        const int columns = 300;
        const int k = 20;
        (CsrMatrix sparse, _) = RandomSparse(rows, columns, 5);
        float[] right = ScalarReference.RandomValues(6, columns * k);
        float[] left = ScalarReference.RandomValues(7, rows * k);
        float[] Run(int threads, bool transpose)
        {
            var result = new float[(transpose ? columns : rows) * k];
            if (transpose)
            {
                SparseMatrixProducts.TransposeMultiply(sparse, new ReadOnlyMatrixView(left, rows, k), new MatrixView(result, columns, k), threads);
            }
            else
            {
                SparseMatrixProducts.Multiply(sparse, new ReadOnlyMatrixView(right, columns, k), new MatrixView(result, rows, k), threads);
            }

            return result;
        }

        Assert.Equal(Run(1, false), Run(4, false));
        Assert.Equal(Run(1, true), Run(2, true));
        Assert.Equal(Run(1, true), Run(7, true));
    }

    [Fact]
    public void Column_gram_is_a_transpose_a_for_every_thread_count()
    {
        const int rows = 700;
        const int columns = 45;
        (CsrMatrix sparse, float[] dense) = RandomSparse(rows, columns, 12);
        double[] expected = FactorizationOracle.Multiply(FactorizationOracle.Transpose(dense, rows, columns), dense, columns, rows, columns);
        var single = new float[columns * columns];
        var several = new float[columns * columns];
        several.AsSpan().Fill(float.NaN);
        SparseMatrixProducts.ColumnGram(sparse, new MatrixView(single, columns, columns), 1);
        SparseMatrixProducts.ColumnGram(sparse, new MatrixView(several, columns, columns), 3);
        Assert.True(FactorizationOracle.RelativeDifference(expected, single) < 1e-5);
        Assert.Equal(single, several);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => SparseMatrixProducts.ColumnGram(sparse, new MatrixView(new float[4], 2, 2))).ParamName);
    }

    [Fact]
    public void Shape_mismatches_name_the_operand()
    {
        (CsrMatrix sparse, _) = RandomSparse(10, 6, 8);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => SparseMatrixProducts.Multiply(sparse, new ReadOnlyMatrixView(new float[10], 5, 2), new MatrixView(new float[20], 10, 2))).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => SparseMatrixProducts.TransposeMultiply(sparse, new ReadOnlyMatrixView(new float[20], 10, 2), new MatrixView(new float[20], 10, 2))).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => SparseMatrixProducts.ProductAtNonZeros(sparse, new ReadOnlyMatrixView(new float[20], 10, 2), new ReadOnlyMatrixView(new float[12], 6, 2), new float[1])).ParamName);
    }

    [Fact]
    public void Randomized_svd_of_a_csr_operator_matches_the_dense_decomposition()
    {
        const int rows = 150;
        const int columns = 60;
        (CsrMatrix sparse, float[] dense) = RandomSparse(rows, columns, 9);
        SingularValueDecomposition fromSparse = RandomizedSvd.Decompose(new CsrLinearOperator(sparse), 5, oversampling: 10, powerIterations: 6, seed: 3, maxDegreeOfParallelism: 2);
        SingularValueDecomposition fromDense = RandomizedSvd.Decompose(new ReadOnlyMatrixView(dense, rows, columns), 5, oversampling: 10, powerIterations: 6, seed: 3);
        for (int j = 0; j < 5; j++)
        {
            Assert.Equal(fromDense.SingularValues[j], fromSparse.SingularValues[j], 1e-4 * fromDense.SingularValues[0]);
            double alignment = Math.Abs(ScalarReference.Dot(fromDense.RightSingularVectors.Row(j), fromSparse.RightSingularVectors.Row(j)));
            Assert.True(alignment > 0.999, $"right singular vector {j}: |cos| = {alignment}");
        }

        Assert.Throws<ArgumentException>(() => new CsrLinearOperator(new CsrMatrix(1, 1, [0, 1], [0], [float.NaN])));
    }
}
