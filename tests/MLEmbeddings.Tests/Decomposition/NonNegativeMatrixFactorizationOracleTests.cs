using MLEmbeddings.Decomposition;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Decomposition;

/// <summary>
/// NMF against scikit-learn's <c>NMF</c> (fixtures of <c>tests/fixtures/scripts/make_nmf_fixtures.py</c>): the same solver
/// (coordinate descent without accelerated sweeps, so every iteration is scikit-learn's), loss, NNDSVD-family
/// initialisation, regularisation and iteration count must reach a final error within 1 % of scikit-learn's, and the
/// held-out rows must transform to within 1 % of scikit-learn's error.
/// </summary>
public class NonNegativeMatrixFactorizationOracleTests
{
    public static TheoryData<string> RunNames => new()
    {
        "digits_cd_nndsvd",
        "digits_cd_nndsvda",
        "digits_cd_regularized",
        "digits_mu_frobenius",
        "digits_mu_kullback_leibler",
        "digits_mu_itakura_saito",
        "digits_mu_regularized",
        "tfidf_cd_nndsvd",
        "tfidf_mu_kullback_leibler",
    };

    [Theory]
    [MemberData(nameof(RunNames))]
    public void Final_and_held_out_errors_are_within_one_percent_of_scikit_learn(string name)
    {
        SklearnRun run = NmfTestData.Runs[name];
        (float[][] train, float[][] test) = Data(run.Data);
        var mlContext = new MLContext(seed: 1);
        bool sparse = run.Data == "tfidf";
        IDataView trainView = sparse ? TestData.FromRowsSparse(mlContext, train) : TestData.FromRows(mlContext, train);
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
        {
            OutputColumnName = "Coefficients",
            InputColumnName = "Features",
            Rank = run.Rank,
            Solver = run.Solver == "cd" ? NonNegativeMatrixFactorizationSolver.CoordinateDescent : NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate,
            Loss = run.BetaLoss switch
            {
                "kullback-leibler" => NonNegativeMatrixFactorizationLoss.KullbackLeibler,
                "itakura-saito" => NonNegativeMatrixFactorizationLoss.ItakuraSaito,
                _ => NonNegativeMatrixFactorizationLoss.Frobenius,
            },
            Initialization = run.Init == "nndsvd" ? NonNegativeMatrixFactorizationInitialization.Nndsvd : NonNegativeMatrixFactorizationInitialization.NndsvdA,
            MaximumNumberOfIterations = run.MaximumIterations,
            Tolerance = 0f,
            AcceleratedSweeps = false,
            AlphaW = run.AlphaW,
            AlphaH = run.AlphaH,
            L1Ratio = run.L1Ratio,
            Seed = 0,
        }).Fit(trainView);

        Assert.Equal(run.Iterations, model.IterationsRun);
        Assert.False(model.Converged);
        Assert.True(NmfTestData.RelativeDifference(model.ReconstructionError, run.RelativeError) < 0.01, $"{name}: relative error {model.ReconstructionError} vs scikit-learn {run.RelativeError}");
        double error = Math.Sqrt(2 * model.BetaDivergence);
        Assert.True(NmfTestData.RelativeDifference(error, run.ReconstructionError) < 0.01, $"{name}: sqrt(2 D) = {error} vs scikit-learn reconstruction_err_ {run.ReconstructionError}");

        IDataView testView = sparse ? TestData.FromRowsSparse(mlContext, test) : TestData.FromRows(mlContext, test);
        float[][] coefficients = ColumnValues.Vectors(model.Transform(testView), "Coefficients");
        Assert.All(coefficients.SelectMany(row => row), value => Assert.True(value >= 0f));
        double heldOut = NmfTestData.RelativeError(test, coefficients, model.Components);
        Assert.True(NmfTestData.RelativeDifference(heldOut, run.TransformRelativeError) < 0.01, $"{name}: held-out error {heldOut} vs scikit-learn {run.TransformRelativeError}");
    }

    [Fact]
    public void User_supplied_components_are_the_starting_point()
    {
        SklearnRun run = NmfTestData.Runs["digits_cd_user_components"];
        (float[][] train, _) = Data("digits");
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.FromRows(mlContext, train);
        NonNegativeMatrixFactorizationOptions Options() => new()
        {
            OutputColumnName = "Coefficients",
            InputColumnName = "Features",
            Rank = 6,
            MaximumNumberOfIterations = 1,
            Tolerance = 0f,
            AcceleratedSweeps = false,
            Seed = 0,
        };

        NonNegativeMatrixFactorizationOptions withComponents = Options();
        withComponents.InitialComponents = NmfTestData.UserComponents();
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(withComponents).Fit(data);
        Assert.True(NmfTestData.RelativeDifference(model.ReconstructionError, run.RelativeError) < 0.002, $"first-iteration error {model.ReconstructionError} vs scikit-learn {run.RelativeError}");

        NonNegativeMatrixFactorizationTransformer fromNndsvd = mlContext.Transforms.NonNegativeMatrixFactorization(Options()).Fit(data);
        Assert.True(NmfTestData.RelativeDifference(fromNndsvd.ReconstructionError, run.RelativeError) > 0.05, "an NNDSVD start must give a different first-iteration error");
    }

    private static (float[][] Train, float[][] Test) Data(string name)
    {
        if (name == "tfidf")
        {
            return (NmfTestData.Tfidf[..200], NmfTestData.Tfidf[200..]);
        }

        Digits digits = Digits.Instance;
        float[][] train = digits.Select(digits.TrainRows);
        float[][] test = digits.Select(digits.TestRows);
        if (name == "digits_positive")
        {
            train = train.Select(row => row.Select(v => v + 1f).ToArray()).ToArray();
            test = test.Select(row => row.Select(v => v + 1f).ToArray()).ToArray();
        }

        return (train, test);
    }
}
