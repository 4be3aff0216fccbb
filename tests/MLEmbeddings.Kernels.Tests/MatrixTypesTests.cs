using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class MatrixTypesTests
{
    [Fact]
    public void MatrixView_rows_follow_the_stride()
    {
        float[] data = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var view = new MatrixView(data, rows: 3, columns: 3, rowStride: 4);
        Assert.Equal(new float[] { 4, 5, 6 }, view.Row(1).ToArray());
        Assert.Equal(10f, view[2, 2]);
        Assert.False(view.IsContiguous);
        view[0, 1] = 42f;
        Assert.Equal(42f, data[1]);
        ReadOnlyMatrixView slice = view.SliceRows(1, 2);
        Assert.Equal(2, slice.Rows);
        Assert.Equal(new float[] { 4, 5, 6, 8, 9, 10 }, slice.ToArray());
    }

    [Fact]
    public void MatrixView_rejects_memory_too_short_for_the_shape()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(new float[10], 3, 4));
        Assert.Contains("needs 12 values", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOnlyMatrixView(new float[10], 2, 4, rowStride: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(new float[10], -1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(new float[12], 3, 4).Row(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(new float[12], 3, 4).SliceRows(2, 2));
    }

    [Fact]
    public void DenseMatrix_copies_its_input_and_transposes()
    {
        float[] values = { 1, 2, 3, 4, 5, 6 };
        var matrix = new DenseMatrix(2, 3, values);
        values[0] = 100f;
        Assert.Equal(1f, matrix[0, 0]);
        DenseMatrix transposed = matrix.Transpose();
        Assert.Equal(3, transposed.Rows);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, transposed.ToArray());
        Assert.Equal(new float[] { 2, 5 }, transposed.Row(1).ToArray());
        Assert.Equal(1f, DenseMatrix.Identity(3)[2, 2]);
        Assert.Equal(0f, DenseMatrix.Identity(3)[2, 1]);
        Assert.Throws<ArgumentException>(() => new DenseMatrix(2, 2, values));
        Assert.Throws<ArgumentException>(() => DenseMatrix.FromRows(new[] { new float[2], new float[3] }));
    }

    [Fact]
    public void CsrMatrix_round_trips_through_dense_and_transpose()
    {
        float[] dense = { 0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 4, 5 };
        CsrMatrix csr = CsrMatrix.FromDense(new ReadOnlyMatrixView(dense, 3, 4));
        Assert.Equal(5, csr.NonZeroCount);
        Assert.Equal(new[] { 0, 2, 2, 5 }, csr.RowPointers.ToArray());
        Assert.Equal(new[] { 0, 2, 3 }, csr.RowColumnIndices(2).ToArray());

        CsrMatrix transposed = csr.Transpose();
        var back = MatrixView.Allocate(4, 3);
        transposed.CopyTo(back);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(dense[(i * 4) + j], back[j, i]);
            }
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 1 }, new[] { 5 }, "column index 5")]
    [InlineData(new[] { 0, 2, 1 }, new[] { 0 }, "must not decrease")]
    [InlineData(new[] { 0, 2, 2 }, new[] { 1, 1 }, "strictly increasing")]
    [InlineData(new[] { 0, 1 }, new[] { 0 }, "row pointers")]
    public void CsrMatrix_rejects_inconsistent_arrays(int[] pointers, int[] indices, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new CsrMatrix(2, 3, pointers, indices, new float[indices.Length]));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Forced_width_flows_into_parallel_workers_and_is_restored()
    {
        VectorWidth before = KernelDispatch.Width;
        using (KernelDispatch.Force(VectorWidth.Scalar))
        {
            var seen = new System.Collections.Concurrent.ConcurrentBag<VectorWidth>();
            Parallel.For(0, 8, _ => seen.Add(KernelDispatch.Width));
            Assert.All(seen, w => Assert.Equal(VectorWidth.Scalar, w));
        }

        Assert.Equal(before, KernelDispatch.Width);
    }
}
