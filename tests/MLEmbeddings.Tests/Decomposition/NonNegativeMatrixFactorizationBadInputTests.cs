using MLEmbeddings.Decomposition;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Decomposition;

public class NonNegativeMatrixFactorizationBadInputTests
{
    private static float[][] Data() => NmfTestData.Planted(40, 10, 3, seed: 1, noise: 0.1);

    private static NonNegativeMatrixFactorizationOptions Options(int rank = 3) => new() { OutputColumnName = "Coefficients", InputColumnName = "Features", Rank = rank, Seed = 1 };

    private static void AssertMessage(Exception exception, params string[] fragments)
    {
        foreach (string fragment in fragments)
        {
            Assert.True(exception.Message.Contains(fragment, StringComparison.Ordinal), $"\"{exception.Message}\" lacks \"{fragment}\"");
        }
    }

    [Theory]
    [InlineData(false, NonNegativeMatrixFactorizationSolver.CoordinateDescent)]
    [InlineData(true, NonNegativeMatrixFactorizationSolver.CoordinateDescent)]
    [InlineData(false, NonNegativeMatrixFactorizationSolver.MiniBatch)]
    [InlineData(true, NonNegativeMatrixFactorizationSolver.MiniBatch)]
    public void A_negative_value_names_the_column_and_the_first_offending_row(bool sparse, NonNegativeMatrixFactorizationSolver solver)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = Data();
        data[27][4] = -0.5f;
        data[31][2] = -2f;
        IDataView view = sparse ? TestData.FromRowsSparse(mlContext, data) : TestData.FromRows(mlContext, data);
        NonNegativeMatrixFactorizationOptions options = Options();
        options.Solver = solver;
        options.BatchSize = 16;
        var exception = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(view));
        AssertMessage(exception, "Column 'Features', row 27: slot 4 is -0.5", "needs values >= 0", "NormalizeMinMax");
        Assert.Equal("data", exception.ParamName);
    }

    [Fact]
    public void Negative_values_are_also_rejected_when_transforming()
    {
        var mlContext = new MLContext(seed: 1);
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(Options()).Fit(TestData.FromRows(mlContext, Data()));
        float[][] scored = Data();
        scored[6][1] = -1f;
        IDataView transformed = model.Transform(TestData.FromRows(mlContext, scored));
        var exception = Assert.Throws<ArgumentException>(() => ColumnValues.Vectors(transformed, "Coefficients"));
        AssertMessage(exception, "Column 'Features', row 6: slot 1 is -1");
    }

    [Theory]
    [InlineData(false, float.NaN)]
    [InlineData(true, float.NaN)]
    [InlineData(false, float.PositiveInfinity)]
    [InlineData(true, float.NegativeInfinity)]
    public void Non_finite_values_name_the_row_and_slot(bool sparse, float value)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = Data();
        data[12][7] = value;
        IDataView view = sparse ? TestData.FromRowsSparse(mlContext, data) : TestData.FromRows(mlContext, data);
        var exception = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(Options()).Fit(view));
        AssertMessage(exception, $"Column 'Features', row 12: slot 7 is {value}", "expected finite values");
    }

    [Fact]
    public void Rank_must_be_positive_and_at_most_the_smaller_dimension()
    {
        var mlContext = new MLContext(seed: 1);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.NonNegativeMatrixFactorization("Coefficients", "Features", rank: 0));
        AssertMessage(zero, "Rank must be at least 1; got 0");
        Assert.Equal("Rank", zero.ParamName);

        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(Options(rank: 11)).Fit(TestData.FromRows(mlContext, Data())));
        AssertMessage(tooLarge, "Rank is 11 but the data has 40 rows and 10 columns", "[1, 10]");
        var tooFewRows = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(Options(rank: 6)).Fit(TestData.FromRows(mlContext, Data()[..5])));
        AssertMessage(tooFewRows, "Rank is 6 but the data has 5 rows and 10 columns", "[1, 5]");
    }

    [Theory]
    [InlineData(NonNegativeMatrixFactorizationLoss.KullbackLeibler)]
    [InlineData(NonNegativeMatrixFactorizationLoss.ItakuraSaito)]
    public void A_loss_the_solver_does_not_support_is_rejected_with_the_fix(NonNegativeMatrixFactorizationLoss loss)
    {
        var mlContext = new MLContext(seed: 1);
        NonNegativeMatrixFactorizationOptions options = Options();
        options.Loss = loss;
        var exception = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(options));
        AssertMessage(exception, $"Loss {loss} is not supported by Solver CoordinateDescent", "Solver = MultiplicativeUpdate");
        Assert.Equal("Loss", exception.ParamName);
    }

    [Fact]
    public void Itakura_saito_rejects_zeros()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = Data().Select(row => row.Select(v => v + 1f).ToArray()).ToArray();
        data[9][3] = 0f;
        NonNegativeMatrixFactorizationOptions options = Options();
        options.Solver = NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate;
        options.Loss = NonNegativeMatrixFactorizationLoss.ItakuraSaito;
        var dense = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(TestData.FromRows(mlContext, data)));
        AssertMessage(dense, "Column 'Features', row 9: slot 3 is 0", "strictly positive");
        var sparse = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(TestData.FromRowsSparse(mlContext, data)));
        AssertMessage(sparse, "row 9: slot 3 is 0", "strictly positive");
    }

    [Fact]
    public void Options_out_of_range_are_rejected_when_the_estimator_is_created()
    {
        var mlContext = new MLContext(seed: 1);
        void Rejects(Action<NonNegativeMatrixFactorizationOptions> spoil, string parameter, string fragment)
        {
            NonNegativeMatrixFactorizationOptions options = Options();
            spoil(options);
            var exception = Assert.ThrowsAny<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(options));
            Assert.Equal(parameter, exception.ParamName);
            AssertMessage(exception, fragment);
        }

        Rejects(o => o.OutputColumnName = "", "OutputColumnName", "must name a column");
        Rejects(o => o.Tolerance = -1f, "Tolerance", "got -1");
        Rejects(o => o.L1Ratio = 1.5f, "L1Ratio", "in [0, 1]; got 1.5");
        Rejects(o => o.AlphaW = float.NaN, "AlphaW", "got NaN");
        Rejects(o => o.AlphaH = -0.1f, "AlphaH", "got -0.1");
        Rejects(o => o.ForgetFactor = 0f, "ForgetFactor", "in (0, 1]; got 0");
        Rejects(o => o.BatchSize = 0, "BatchSize", "at least 1; got 0");
        Rejects(o => o.MaximumNumberOfIterations = 0, "MaximumNumberOfIterations", "at least 1; got 0");
        Rejects(o => o.MaxDegreeOfParallelism = 0, "MaxDegreeOfParallelism", "got 0");
        Rejects(o => o.Solver = (NonNegativeMatrixFactorizationSolver)7, "Solver", "got 7");
        Rejects(o => o.InitialComponents = new DenseMatrix(2, 10, new float[20]), "InitialComponents", "has 2 rows; expected Rank = 3");
        Rejects(o => o.InitialComponents = new DenseMatrix(3, 10, new float[30]), "InitialComponents", "all zeros");
        Rejects(o => o.InitialComponents = new DenseMatrix(3, 2, [1, 1, 1, -1, 1, 1]), "InitialComponents", "InitialComponents[1, 1] is -1");

        NonNegativeMatrixFactorizationOptions wrongWidth = Options();
        wrongWidth.InitialComponents = new DenseMatrix(3, 4, Enumerable.Repeat(1f, 12).ToArray());
        var width = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(wrongWidth).Fit(TestData.FromRows(mlContext, Data())));
        AssertMessage(width, "InitialComponents has 4 columns but column 'Features' has vectors of size 10");
    }

    [Fact]
    public void Empty_data_and_mismatched_scoring_data_are_rejected()
    {
        var mlContext = new MLContext(seed: 1);
        var empty = Assert.Throws<ArgumentException>(() => mlContext.Transforms.NonNegativeMatrixFactorization(Options()).Fit(TestData.FromRows(mlContext, Array.Empty<float[]>())));
        AssertMessage(empty, "no rows");

        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(Options()).Fit(TestData.FromRows(mlContext, Data()));
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(TestData.FromRows(mlContext, NmfTestData.Planted(5, 12, 3, seed: 2))));
        AssertMessage(size, "trained on vectors of size 10", "size 12");
        var inverse = Assert.Throws<ArgumentOutOfRangeException>(() => model.InverseTransform(TestData.FromRows(mlContext, Data(), featureColumn: "Coefficients")));
        AssertMessage(inverse, "Column 'Coefficients'", "size 3", "size 10");
    }

    [Fact]
    public void A_data_view_that_changes_between_the_two_reading_passes_is_named_with_the_fix()
    {
        // The sparse reader counts entries on its first pass and fills exact-size arrays on the second.
        CountingDataView? view = null;
        view = new CountingDataView(5, 4, i => view!.CursorsOpened > 1 ? [1f, 1f, 1f, 1f] : [1f, 0f, 0f, 0f]);
        var host = MLEmbeddings.Interop.ComponentHost.FromCatalog(new MLContext(seed: 1).Transforms, "Test");
        var exception = Assert.Throws<InvalidOperationException>(() => MLEmbeddings.Interop.SparseTrainingDataReader.Read(view, "Features", host));
        Assert.Contains("column 'Features'", exception.Message);
        Assert.Contains("second pass", exception.Message);
        Assert.Contains("AppendCacheCheckpoint", exception.Message);
    }

    [Fact]
    public void Rank_selection_options_are_checked()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.FromRows(mlContext, Data());
        var empty = Assert.Throws<ArgumentException>(() => mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(data, []));
        AssertMessage(empty, "CandidateRanks is empty");
        var twice = Assert.Throws<ArgumentException>(() => mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(data, [2, 3, 2]));
        AssertMessage(twice, "lists a rank twice");
        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(data, [2, 12]));
        AssertMessage(tooLarge, "Rank is 12");
        var resamples = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(data, new NonNegativeMatrixFactorizationRankSelectionOptions { CandidateRanks = [2], NumberOfResamples = 1 }));
        AssertMessage(resamples, "NumberOfResamples must be at least 2; got 1");
    }
}
