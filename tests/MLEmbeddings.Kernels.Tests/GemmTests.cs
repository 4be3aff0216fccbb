using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class GemmTests
{
    public static readonly TheoryData<VectorWidth> Widths = new(VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512);

    public static TheoryData<VectorWidth, bool, bool> WidthsAndTransposes()
    {
        var data = new TheoryData<VectorWidth, bool, bool>();
        foreach (VectorWidth width in Widths)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    data.Add(width, transposeA, transposeB);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndTransposes))]
    public void Product_matches_the_double_precision_reference(VectorWidth width, bool transposeA, bool transposeB)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(11);
        int[][] shapes =
        [
            [0, 5, 3], [5, 0, 3], [5, 3, 0], [1, 1, 1], [7, 3, 5], [1000, 129, 67],
            [193, 70, 385], [7, 2100, 20], [257, 33, 257], [255, 256, 9],
        ];
        foreach (int[] shape in shapes)
        {
            CheckProduct(random, shape[0], shape[1], shape[2], transposeA, transposeB, alpha: 1f, beta: 0f);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Small_shapes_around_the_tile_edges_match_the_reference(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(5);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = random.Next(1, 34);
            int n = random.Next(1, 34);
            int k = random.Next(1, 34);
            CheckProduct(random, m, n, k, (trial & 1) != 0, (trial & 2) != 0, alpha: 1f, beta: 0f);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Strided_views_are_read_and_written_only_inside_the_view(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(3);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                int m = 37, n = 45, k = 29;
                MatrixView a = transposeA ? GemmReference.Random(random, k, m, m + 3) : GemmReference.Random(random, m, k, k + 5);
                MatrixView b = transposeB ? GemmReference.Random(random, n, k, k + 7) : GemmReference.Random(random, k, n, n + 1);
                MatrixView c = GemmReference.Random(random, m, n, n + 4);
                float[] before = c.Data.ToArray();
                float[,] original = GemmReference.Copy(c);
                Gemm.Multiply(a, transposeA, b, transposeB, c, alpha: 0.5f, beta: -1.5f);
                GemmReference.AssertProduct(a, transposeA, b, transposeB, original, c, 0.5f, -1.5f);
                float[] after = c.Data.ToArray();
                for (int index = 0; index < after.Length; index++)
                {
                    if (index % c.RowStride >= n)
                    {
                        Assert.True(float.IsNaN(after[index]), $"The gap value at {index} between rows of C was overwritten with {after[index]}.");
                        Assert.True(float.IsNaN(before[index]));
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Alpha_and_beta_scale_the_product_and_the_old_values(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(7);

        // k spans several depth blocks, so beta must be applied once, not once per block.
        CheckProduct(random, 61, 70, 900, false, true, alpha: -2f, beta: 0.75f);
        CheckProduct(random, 13, 40, 17, true, false, alpha: 3f, beta: 1f);
        CheckProduct(random, 13, 40, 0, false, false, alpha: 3f, beta: -0.5f);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Beta_zero_ignores_old_values_even_NaN(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(9);
        foreach (int k in new[] { 0, 1, 19, 700 })
        {
            MatrixView a = GemmReference.Random(random, 23, k);
            MatrixView b = GemmReference.Random(random, 35, k);
            MatrixView c = MatrixView.Allocate(23, 35);
            c.Fill(float.NaN);
            Gemm.MultiplyTransposed(a, b, c, alpha: 1.5f);
            GemmReference.AssertProduct(a, false, b, true, new float[23, 35], c, 1.5f, 0f);
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_every_degree_of_parallelism()
    {
        var random = new Random(13);

        // Wider than tall (split along the columns), taller than wide (split along the rows), ragged edges, and
        // skinny products (one operand a few vectors) that skip packing, in every transpose combination.
        (int M, int N, int K)[] shapes = [(131, 517, 301), (603, 97, 200), (2, 4100, 300), (5000, 2, 333)];
        for (int index = 0; index < shapes.Length * 4; index++)
        {
            (int m, int n, int k) = shapes[index / 4];
            bool transposeA = (index & 1) != 0;
            bool transposeB = (index & 2) != 0;
            MatrixView a = transposeA ? GemmReference.Random(random, k, m) : GemmReference.Random(random, m, k);
            MatrixView b = transposeB ? GemmReference.Random(random, n, k) : GemmReference.Random(random, k, n);
            MatrixView original = GemmReference.Random(random, m, n);
            float[] first = null!;
            foreach (int degree in new[] { 1, 2, -1, 3 })
            {
                MatrixView c = MatrixView.Allocate(m, n);
                original.Data.CopyTo(c.Data);
                Gemm.Multiply(a, transposeA, b, transposeB, c, alpha: 0.5f, beta: 2f, maxDegreeOfParallelism: degree);
                if (degree == 1)
                {
                    GemmReference.AssertProduct(a, transposeA, b, transposeB, GemmReference.Copy(original), c, 0.5f, 2f);
                    first = c.ToArray();
                }
                else
                {
                    Assert.Equal(first, c.ToArray());
                }
            }
        }
    }

    [Fact]
    public void Skinny_products_match_the_reference_with_strides_alpha_and_beta()
    {
        var random = new Random(23);
        foreach ((int m, int n, int k) in new[] { (1, 300, 70), (2, 97, 64), (2, 5, 129), (250, 1, 80), (77, 2, 65), (1, 1, 500), (4, 97, 33), (77, 3, 5) })
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    MatrixView a = transposeA ? GemmReference.Random(random, k, m, m + 2) : GemmReference.Random(random, m, k, k + 3);
                    MatrixView b = transposeB ? GemmReference.Random(random, n, k, k + 1) : GemmReference.Random(random, k, n, n + 5);
                    foreach (float beta in new[] { 0f, -0.5f })
                    {
                        MatrixView c = GemmReference.Random(random, m, n, n + 2);
                        if (beta == 0f)
                        {
                            c.Fill(float.NaN);
                        }

                        float[,] original = GemmReference.Copy(c);
                        Gemm.Multiply(a, transposeA, b, transposeB, c, alpha: 1.25f, beta: beta);
                        GemmReference.AssertProduct(a, transposeA, b, transposeB, original, c, 1.25f, beta);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Prepacked_operand_products_match_the_reference_for_any_column_range(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        var random = new Random(17);
        foreach ((int n, int k) in new[] { (300, 70), (97, 401), (5, 1) })
        {
            MatrixView database = GemmReference.Random(random, n, k, k + 2);
            var packed = new PackedRightOperand(database);
            Assert.Equal(width, packed.Width);
            Assert.Equal(n, packed.Rows);
            Assert.Equal(k, packed.Depth);
            foreach ((int start, int count) in new[] { (0, n), (0, 1), (packed.ColumnAlignment, n - packed.ColumnAlignment), (3, n - 5), (n - 1, 1), (n / 2, 0) })
            {
                if (start < 0 || count < 0 || start + count > n)
                {
                    continue;
                }

                MatrixView queries = GemmReference.Random(random, 41, k);
                MatrixView c = GemmReference.Random(random, 41, count, count + 3);
                float[,] original = GemmReference.Copy(c);
                Gemm.MultiplyTransposedPrepacked(queries, packed, start, count, c, alpha: -2f, beta: 0.5f);
                ReadOnlyMatrixView range = database.SliceRows(start, count);
                GemmReference.AssertProduct(queries, false, range, true, original, c, -2f, 0.5f);

                // The documented invariant: a column's values do not depend on the range it was computed in.
                MatrixView whole = MatrixView.Allocate(41, n);
                Gemm.MultiplyTransposedPrepacked(queries, packed, 0, n, whole);
                MatrixView part = MatrixView.Allocate(41, count);
                part.Fill(float.NaN);
                Gemm.MultiplyTransposedPrepacked(queries, packed, start, count, part);
                for (int i = 0; i < 41; i++)
                {
                    Assert.Equal(whole.Row(i).Slice(start, count).ToArray(), part.Row(i).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Prepacked_operand_keeps_the_width_it_was_packed_for()
    {
        var random = new Random(19);
        MatrixView database = GemmReference.Random(random, 50, 20);
        PackedRightOperand packed;
        using (KernelDispatch.Force(VectorWidth.Vector128))
        {
            packed = new PackedRightOperand(database);
        }

        MatrixView queries = GemmReference.Random(random, 9, 20);
        MatrixView c = MatrixView.Allocate(9, 50);
        using (KernelDispatch.Force(VectorWidth.Scalar))
        {
            Gemm.MultiplyTransposedPrepacked(queries, packed, 0, 50, c);
        }

        Assert.Equal(VectorWidth.Vector128, packed.Width);
        GemmReference.AssertProduct(queries, false, database, true, new float[9, 50], c, 1f, 0f);
    }

    [Fact]
    public void Bad_shapes_and_thread_counts_are_rejected_with_the_sizes()
    {
        MatrixView a = MatrixView.Allocate(4, 3);
        MatrixView b = MatrixView.Allocate(5, 6);
        var inner = Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, b, MatrixView.Allocate(4, 6)));
        Assert.Equal("b", inner.ParamName);
        Assert.Contains("op(a) is 4 x 3 but op(b) is 5 x 6", inner.Message, StringComparison.Ordinal);

        var rows = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposed(a, MatrixView.Allocate(6, 3), MatrixView.Allocate(5, 6)));
        Assert.Equal("c", rows.ParamName);
        Assert.Contains("has 5 rows; expected 4", rows.Message, StringComparison.Ordinal);

        var columns = Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, true, MatrixView.Allocate(4, 2), false, MatrixView.Allocate(3, 3)));
        Assert.Equal("c", columns.ParamName);
        Assert.Contains("has 3 columns; expected 2", columns.Message, StringComparison.Ordinal);

        foreach (int degree in new[] { 0, -2 })
        {
            var threads = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyTransposed(a, a, MatrixView.Allocate(4, 4), maxDegreeOfParallelism: degree));
            Assert.Equal("maxDegreeOfParallelism", threads.ParamName);
            Assert.Equal(degree, threads.ActualValue);
        }
    }

    [Fact]
    public void Bad_prepacked_calls_are_rejected_with_the_sizes()
    {
        var packed = new PackedRightOperand(MatrixView.Allocate(10, 8));
        var depth = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedPrepacked(MatrixView.Allocate(2, 7), packed, 0, 10, MatrixView.Allocate(2, 10)));
        Assert.Equal("a", depth.ParamName);
        Assert.Contains("'a' has 7 columns but the packed operand has depth 8", depth.Message, StringComparison.Ordinal);

        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyTransposedPrepacked(MatrixView.Allocate(2, 8), packed, 6, 5, MatrixView.Allocate(2, 5)));
        Assert.Equal("columnStart", range.ParamName);
        Assert.Contains("[6, 6+5) are not inside the packed operand's [0, 10)", range.Message, StringComparison.Ordinal);

        var shape = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedPrepacked(MatrixView.Allocate(2, 8), packed, 0, 4, MatrixView.Allocate(2, 5)));
        Assert.Equal("c", shape.ParamName);
        Assert.Contains("has 5 columns; expected 4", shape.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => Gemm.MultiplyTransposedPrepacked(MatrixView.Allocate(2, 8), null!, 0, 4, MatrixView.Allocate(2, 4)));
    }

    private static void CheckProduct(Random random, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta)
    {
        MatrixView a = transposeA ? GemmReference.Random(random, k, m) : GemmReference.Random(random, m, k);
        MatrixView b = transposeB ? GemmReference.Random(random, n, k) : GemmReference.Random(random, k, n);
        MatrixView c = GemmReference.Random(random, m, n);
        if (beta == 0f)
        {
            c.Fill(float.NaN);
        }

        float[,] original = GemmReference.Copy(c);
        Gemm.Multiply(a, transposeA, b, transposeB, c, alpha, beta);
        GemmReference.AssertProduct(a, transposeA, b, transposeB, original, c, alpha, beta);
    }
}
