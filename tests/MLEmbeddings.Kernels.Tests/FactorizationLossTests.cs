using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class FactorizationLossTests
{
    public static TheoryData<VectorWidth> Widths => ScalarReference.AllWidths;

    [Theory]
    [MemberData(nameof(Widths))]
    public void Dense_and_sparse_losses_match_the_double_reference(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        const int rows = 600;
        const int columns = 33;
        const int rank = 6;
        (CsrMatrix sparse, float[] dense) = SparseMatrixProductsTests.RandomSparse(rows, columns, 11);
        float[] factor = FactorizationOracle.NonNegative(12, rows * rank, zeroShare: 0.1);
        float[] componentsTransposed = FactorizationOracle.NonNegative(13, columns * rank, zeroShare: 0.1);
        componentsTransposed.AsSpan(5 * rank, rank).Clear();
        double[] product = FactorizationOracle.Multiply(factor, FactorizationOracle.Transpose(componentsTransposed, columns, rank), rows, rank, columns);
        double frobenius = 0;
        for (int i = 0; i < dense.Length; i++)
        {
            frobenius += (dense[i] - product[i]) * (dense[i] - product[i]);
        }

        var data = new ReadOnlyMatrixView(dense, rows, columns);
        var w = new ReadOnlyMatrixView(factor, rows, rank);
        var ht = new ReadOnlyMatrixView(componentsTransposed, columns, rank);
        Assert.Equal(frobenius, FactorizationLoss.SquaredFrobenius(data, w, ht), 1e-5 * frobenius);
        Assert.Equal(frobenius, FactorizationLoss.SquaredFrobenius(sparse, w, ht), 1e-5 * frobenius);
        double kullbackLeibler = FactorizationOracle.KullbackLeibler(dense, product);
        Assert.Equal(kullbackLeibler, FactorizationLoss.KullbackLeibler(data, w, ht), 1e-5 * kullbackLeibler);
        Assert.Equal(kullbackLeibler, FactorizationLoss.KullbackLeibler(sparse, w, ht), 1e-5 * kullbackLeibler);

        float[] cross = FactorizationOracle.Multiply(FactorizationOracle.Transpose(dense, rows, columns), factor, columns, rows, rank).Select(v => (float)v).ToArray();
        float[] factorGram = FactorizationOracle.Gram(factor, rows, rank);
        float[] componentGram = FactorizationOracle.Gram(componentsTransposed, columns, rank);
        double squaredNorm = dense.Sum(v => (double)v * v);
        double fromProducts = FactorizationLoss.SquaredFrobeniusFromProducts(
            squaredNorm, new ReadOnlyMatrixView(cross, columns, rank), ht, new ReadOnlyMatrixView(factorGram, rank, rank), new ReadOnlyMatrixView(componentGram, rank, rank));
        Assert.Equal(frobenius, fromProducts, 1e-5 * (squaredNorm + frobenius));
        Assert.Throws<ArgumentException>(() => FactorizationLoss.SquaredFrobeniusFromProducts(squaredNorm, new ReadOnlyMatrixView(cross, columns, rank), ht, new ReadOnlyMatrixView(factorGram, 2, 2), new ReadOnlyMatrixView(componentGram, rank, rank)));

        float[] positive = dense.Select(v => v + 0.5f).ToArray();
        double itakuraSaito = FactorizationOracle.ItakuraSaito(positive, product);
        Assert.Equal(itakuraSaito, FactorizationLoss.ItakuraSaito(new ReadOnlyMatrixView(positive, rows, columns), w, ht), 1e-5 * itakuraSaito);
    }

    [Fact]
    public void An_exact_factorization_has_zero_loss_and_results_do_not_depend_on_the_thread_count()
    {
        const int rows = 700;
        const int columns = 20;
        const int rank = 3;
        float[] factor = FactorizationOracle.NonNegative(1, rows * rank).Select(v => MathF.Round(v * 4)).ToArray();
        float[] componentsTransposed = FactorizationOracle.NonNegative(2, columns * rank).Select(v => MathF.Round(v * 4)).ToArray();
        float[] data = FactorizationOracle.Multiply(factor, FactorizationOracle.Transpose(componentsTransposed, columns, rank), rows, rank, columns).Select(v => (float)v).ToArray();
        var view = new ReadOnlyMatrixView(data, rows, columns);
        var w = new ReadOnlyMatrixView(factor, rows, rank);
        var ht = new ReadOnlyMatrixView(componentsTransposed, columns, rank);
        Assert.Equal(0, FactorizationLoss.SquaredFrobenius(view, w, ht));
        Assert.Equal(0, FactorizationLoss.KullbackLeibler(view, w, ht), 1e-9);
        Assert.Equal(FactorizationLoss.SquaredFrobenius(CsrMatrix.FromDense(view), w, ht, 1), FactorizationLoss.SquaredFrobenius(CsrMatrix.FromDense(view), w, ht, 3));
        float[] noisy = data.Select((v, i) => v + (i % 7 == 0 ? 0.3f : 0f)).ToArray();
        var noisyView = new ReadOnlyMatrixView(noisy, rows, columns);
        Assert.Equal(FactorizationLoss.KullbackLeibler(noisyView, w, ht, 1), FactorizationLoss.KullbackLeibler(noisyView, w, ht, 4));
    }
}
