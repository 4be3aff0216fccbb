using MLEmbeddings.Decomposition;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MLEmbeddings.Tests.Decomposition;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        const int rows = 6000;
        float[][] planted = NmfTestData.Planted(rows, 24, 4, seed: 17, noise: 0.1);
        var mlContext = new MLContext(seed: 1);
        var full = mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions { OutputColumnName = "C", InputColumnName = "Features", Rank = 4, MaximumNumberOfIterations = 3000, Tolerance = 1e-9f, Seed = 3 }).Fit(TestData.FromRows(mlContext, planted));
        output.WriteLine($"full {full.ReconstructionError} it {full.IterationsRun}");
        foreach (float tol in new[] { 0f })
        foreach (float forget in new[] { 0.05f, 0.2f, 0.5f, 0.7f })
        foreach (int batch in new[] { 300 })
        {
            var online = mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions { OutputColumnName = "C", InputColumnName = "Features", Rank = 4, MaximumNumberOfIterations = 30, Tolerance = tol, Seed = 3, Solver = NonNegativeMatrixFactorizationSolver.MiniBatch, BatchSize = batch, ForgetFactor = forget }).Fit(TestData.FromRows(mlContext, planted));
            output.WriteLine($"tol {tol} forget {forget} batch {batch}: {online.ReconstructionError} it {online.IterationsRun} conv {online.Converged}");
        }
    }
}
