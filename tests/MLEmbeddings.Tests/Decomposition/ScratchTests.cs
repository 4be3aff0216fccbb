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
        Digits digits = Digits.Instance;
        float[][] train = digits.Select(digits.TrainRows);
        float[][] test = digits.Select(digits.TestRows);
        var mlContext = new MLContext(seed: 1);
        foreach (var init in new[] { NonNegativeMatrixFactorizationInitialization.Nndsvd, NonNegativeMatrixFactorizationInitialization.NndsvdA })
        foreach (int tol in new[] { 1, 5, 20, 60, 200 })
        {
            var model = mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
            {
                OutputColumnName = "C", InputColumnName = "Features", Rank = 10, MaximumNumberOfIterations = tol, Tolerance = 0f, Seed = 0, Initialization = init,
            }).Fit(TestData.FromRows(mlContext, train));
            var m2 = mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
            {
                OutputColumnName = "C", InputColumnName = "Features", Rank = 10, MaximumNumberOfIterations = 5000, Tolerance = tol, Seed = 0, InitialComponents = model.Components,
            });
            float[][] c = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, test)), "C");
            float[][] ctr = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, train)), "C");
            output.WriteLine($"{init} tol {tol}: fit {model.ReconstructionError} test {NmfTestData.RelativeError(test, c, model.Components)} train-transform {NmfTestData.RelativeError(train, ctr, model.Components)}");
        }
    }
}
