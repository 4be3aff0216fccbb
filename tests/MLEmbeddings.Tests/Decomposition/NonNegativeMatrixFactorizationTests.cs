using MLEmbeddings.Decomposition;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Decomposition;

public class NonNegativeMatrixFactorizationTests
{
    private static NonNegativeMatrixFactorizationOptions Options(int rank, int iterations = 200, float tolerance = 1e-4f) => new()
    {
        OutputColumnName = "Coefficients",
        InputColumnName = "Features",
        Rank = rank,
        MaximumNumberOfIterations = iterations,
        Tolerance = tolerance,
        Seed = 3,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_planted_low_rank_product_is_recovered_exactly(bool sparse)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Planted(240, 36, 4, seed: 5);
        IDataView view = sparse ? TestData.FromRowsSparse(mlContext, data) : TestData.FromRows(mlContext, data);
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(Options(4, iterations: 3000, tolerance: 1e-9f)).Fit(view);
        Assert.True(model.ReconstructionError < 1e-4, $"relative error {model.ReconstructionError}");
        float[][] coefficients = ColumnValues.Vectors(model.Transform(view), "Coefficients");
        Assert.True(NmfTestData.RelativeError(data, coefficients, model.Components) < 1e-4);
        Assert.All(model.Components.AsSpan().ToArray(), value => Assert.True(value >= 0f));
        Assert.All(coefficients.SelectMany(row => row), value => Assert.True(value >= 0f));
    }

    [Fact]
    public void Accelerated_sweeps_reach_a_lower_error_in_the_same_number_of_iterations()
    {
        var mlContext = new MLContext(seed: 1);
        Digits digits = Digits.Instance;
        IDataView data = TestData.FromRows(mlContext, digits.Select(digits.TrainRows));
        double Error(bool accelerated)
        {
            NonNegativeMatrixFactorizationOptions options = Options(10, iterations: 15, tolerance: 0f);
            options.AcceleratedSweeps = accelerated;
            return mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(data).ReconstructionError;
        }

        double plain = Error(false);
        double accelerated = Error(true);
        Assert.True(accelerated < plain * 0.995, $"accelerated {accelerated} vs plain {plain}");
    }

    [Theory]
    [InlineData(NonNegativeMatrixFactorizationLoss.Frobenius)]
    [InlineData(NonNegativeMatrixFactorizationLoss.KullbackLeibler)]
    [InlineData(NonNegativeMatrixFactorizationLoss.ItakuraSaito)]
    public void Multiplicative_updates_never_increase_the_divergence(NonNegativeMatrixFactorizationLoss loss)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Planted(120, 25, 5, seed: 8, noise: 0.3).Select(row => row.Select(v => v + 0.05f).ToArray()).ToArray();
        IDataView view = TestData.FromRows(mlContext, data);
        double previous = double.MaxValue;
        for (int iterations = 1; iterations <= 15; iterations++)
        {
            NonNegativeMatrixFactorizationOptions options = Options(4, iterations, tolerance: 0f);
            options.Solver = NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate;
            options.Loss = loss;
            NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(view);
            Assert.Equal(iterations, model.IterationsRun);
            Assert.True(model.BetaDivergence <= previous * (1 + 1e-6), $"{loss}: divergence rose from {previous} to {model.BetaDivergence} at iteration {iterations}");
            previous = model.BetaDivergence;
        }
    }

    [Theory]
    [InlineData(NonNegativeMatrixFactorizationSolver.CoordinateDescent, NonNegativeMatrixFactorizationLoss.Frobenius)]
    [InlineData(NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate, NonNegativeMatrixFactorizationLoss.KullbackLeibler)]
    public void The_inverse_transform_reconstructs_within_the_fit_error(NonNegativeMatrixFactorizationSolver solver, NonNegativeMatrixFactorizationLoss loss)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Planted(150, 30, 5, seed: 9, noise: 0.2);
        IDataView view = TestData.FromRows(mlContext, data);
        NonNegativeMatrixFactorizationOptions options = Options(5, iterations: 300);
        options.Solver = solver;
        options.Loss = loss;
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(view);
        IDataView reconstructed = model.InverseTransform(model.Transform(view), "Denoised");
        float[][] rows = ColumnValues.Vectors(reconstructed, "Denoised");
        double residual = 0;
        double norm = 0;
        for (int i = 0; i < data.Length; i++)
        {
            for (int j = 0; j < data[i].Length; j++)
            {
                residual += (data[i][j] - rows[i][j]) * (double)(data[i][j] - rows[i][j]);
                norm += data[i][j] * (double)data[i][j];
            }
        }

        double error = Math.Sqrt(residual / norm);
        Assert.True(error <= model.ReconstructionError * 1.01, $"inverse-transform error {error} vs fit error {model.ReconstructionError}");
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 30), reconstructed.Schema["Denoised"].Type);
    }

    [Fact]
    public void Sparse_and_dense_inputs_of_the_same_matrix_give_the_same_factors()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Tfidf[..200];
        NonNegativeMatrixFactorizationTransformer Fit(IDataView view, NonNegativeMatrixFactorizationSolver solver, NonNegativeMatrixFactorizationLoss loss)
        {
            NonNegativeMatrixFactorizationOptions options = Options(5, iterations: 40, tolerance: 0f);
            options.Solver = solver;
            options.Loss = loss;
            return mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(view);
        }

        foreach ((NonNegativeMatrixFactorizationSolver solver, NonNegativeMatrixFactorizationLoss loss) in new[]
        {
            (NonNegativeMatrixFactorizationSolver.CoordinateDescent, NonNegativeMatrixFactorizationLoss.Frobenius),
            (NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate, NonNegativeMatrixFactorizationLoss.KullbackLeibler),
        })
        {
            NonNegativeMatrixFactorizationTransformer dense = Fit(TestData.FromRows(mlContext, data), solver, loss);
            NonNegativeMatrixFactorizationTransformer sparse = Fit(TestData.FromRowsSparse(mlContext, data), solver, loss);
            float[] expected = dense.Components.AsSpan().ToArray();
            float[] actual = sparse.Components.AsSpan().ToArray();
            double scale = expected.Max();
            Assert.True(expected.Zip(actual).Max(pair => Math.Abs(pair.First - pair.Second)) <= 1e-3 * scale, $"{solver}: components differ");
            Assert.Equal(dense.ReconstructionError, sparse.ReconstructionError, 1e-4);
            float[][] denseCoefficients = ColumnValues.Vectors(dense.Transform(TestData.FromRows(mlContext, data)), "Coefficients");
            float[][] sparseCoefficients = ColumnValues.Vectors(sparse.Transform(TestData.FromRowsSparse(mlContext, data)), "Coefficients");
            double coefficientScale = denseCoefficients.SelectMany(r => r).Max();
            Assert.True(denseCoefficients.Zip(sparseCoefficients).SelectMany(pair => pair.First.Zip(pair.Second)).Max(p => Math.Abs(p.First - p.Second)) <= 2e-3 * coefficientScale);
        }
    }

    [Fact]
    public void Mini_batch_fitting_streams_the_data_and_comes_within_five_percent_of_the_full_batch_error()
    {
        const int rows = 6000;
        const int columns = 24;
        const int batchSize = 300;
        float[][] planted = NmfTestData.Planted(rows, columns, 4, seed: 17, noise: 0.1);
        var mlContext = new MLContext(seed: 1);
        NonNegativeMatrixFactorizationTransformer full = mlContext.Transforms.NonNegativeMatrixFactorization(Options(4, iterations: 400, tolerance: 1e-6f)).Fit(TestData.FromRows(mlContext, planted));

        var streamed = new CountingDataView(rows, columns, i => planted[i]);
        long largestReadAhead = 0;
        var reports = 0;
        NonNegativeMatrixFactorizationOptions options = Options(4, iterations: 30, tolerance: 1e-5f);
        options.Solver = NonNegativeMatrixFactorizationSolver.MiniBatch;
        options.BatchSize = batchSize;
        options.ForgetFactor = 0.2f;
        options.Progress = new SynchronousProgress<NonNegativeMatrixFactorizationProgress>(report =>
        {
            reports++;
            largestReadAhead = Math.Max(largestReadAhead, streamed.CurrentCursorRows - report.RowsProcessed);
        });
        NonNegativeMatrixFactorizationTransformer online = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(streamed);

        Assert.True(online.ReconstructionError <= full.ReconstructionError * 1.05, $"mini-batch error {online.ReconstructionError} vs full batch {full.ReconstructionError}");
        Assert.True(reports >= 2 * rows / batchSize, $"only {reports} mini-batch steps were reported");
        Assert.InRange(largestReadAhead, 0, batchSize);
        Assert.True(streamed.CursorsOpened >= 3, $"{streamed.CursorsOpened} passes");
        Assert.True(streamed.RowsRead >= 2L * rows, $"{streamed.RowsRead} rows read");
    }

    [Theory]
    [InlineData(3, new[] { 2, 3, 4, 5 })]
    [InlineData(8, new[] { 6, 7, 8, 9, 10 })]
    public void Rank_selection_picks_the_planted_rank(int planted, int[] candidates)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Planted(160, 50, planted, seed: 21 + planted, noise: 0.01);
        NonNegativeMatrixFactorizationRankSelection selection = mlContext.Transforms.SelectNonNegativeMatrixFactorizationRank(
            TestData.FromRows(mlContext, data),
            new NonNegativeMatrixFactorizationRankSelectionOptions { CandidateRanks = candidates, NumberOfResamples = 5, Seed = 4 });
        Assert.Equal(candidates, selection.Scores.Select(s => s.Rank));
        Assert.True(planted == selection.SuggestedRank, string.Join("; ", selection.Scores));
        NonNegativeMatrixFactorizationRankScore best = selection.Scores.Single(s => s.Rank == planted);
        Assert.True(best.ReconstructionError < selection.Scores[0].ReconstructionError);
    }

    [Fact]
    public void Streamed_blocks_give_the_same_factors_for_every_thread_count_with_and_without_fused_products()
    {
        // 5,000 dense rows: five blocks of W in five groups, with X^T W and W^T W formed in the same pass.
        float[][] dense = NmfTestData.Planted(5000, 30, 5, seed: 3, noise: 0.05);

        // 3,000 sparse rows over 2,000 columns, five entries each: blocks without fused products, and the row-space
        // randomized SVD of the NNDSVDa start (more than 1,024 columns).
        var random = new Random(4);
        float[][] wide = Enumerable.Range(0, 3000).Select(_ =>
        {
            var row = new float[2000];
            for (int entry = 0; entry < 5; entry++)
            {
                row[random.Next(2000)] = (float)random.NextDouble();
            }

            return row;
        }).ToArray();

        foreach ((float[][] data, bool sparse, int rank) in new[] { (dense, false, 5), (wide, true, 8) })
        {
            (float[] Components, double Error) Fit(int threads)
            {
                var mlContext = new MLContext(seed: 1);
                NonNegativeMatrixFactorizationOptions options = Options(rank, iterations: 15);
                options.MaxDegreeOfParallelism = threads;
                IDataView view = sparse ? TestData.FromRowsSparse(mlContext, data) : TestData.FromRows(mlContext, data);
                NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(view);
                return (model.Components.AsSpan().ToArray(), model.ReconstructionError);
            }

            (float[] one, double oneError) = Fit(1);
            (float[] three, double threeError) = Fit(3);
            Assert.Equal(one, three);
            Assert.Equal(oneError, threeError);
            Assert.All(one, value => Assert.True(value >= 0f));
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count_and_progress_and_cancellation_work()
    {
        float[][] data = NmfTestData.Planted(700, 30, 5, seed: 2, noise: 0.1);
        float[] Components(int threads, NonNegativeMatrixFactorizationSolver solver)
        {
            var mlContext = new MLContext(seed: 1);
            NonNegativeMatrixFactorizationOptions options = Options(5, iterations: 20);
            options.MaxDegreeOfParallelism = threads;
            options.Solver = solver;
            return mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(TestData.FromRows(mlContext, data)).Components.AsSpan().ToArray();
        }

        Assert.Equal(Components(1, NonNegativeMatrixFactorizationSolver.CoordinateDescent), Components(3, NonNegativeMatrixFactorizationSolver.CoordinateDescent));
        Assert.Equal(Components(1, NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate), Components(2, NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate));

        var context = new MLContext(seed: 1);
        var messages = new List<string>();
        context.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        var reports = new List<NonNegativeMatrixFactorizationProgress>();
        NonNegativeMatrixFactorizationOptions logged = Options(5, iterations: 7, tolerance: 1e-12f);
        logged.Progress = new SynchronousProgress<NonNegativeMatrixFactorizationProgress>(reports.Add);
        NonNegativeMatrixFactorizationTransformer model = context.Transforms.NonNegativeMatrixFactorization(logged).Fit(TestData.FromRows(context, data));
        Assert.Equal(Enumerable.Range(1, 7), reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal((7, 700L), (r.MaximumNumberOfIterations, r.RowsProcessed)));
        Assert.Equal(model.ReconstructionError, reports[^1].RelativeError, 1e-4 * model.ReconstructionError);
        Assert.True(reports[0].RelativeError > reports[^1].RelativeError);
        Assert.False(model.Converged);
        Assert.Contains(messages, m => m.Contains("NMF iteration 7 of 7", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("did not converge", StringComparison.Ordinal));

        using var cancellation = new CancellationTokenSource();
        NonNegativeMatrixFactorizationOptions cancelled = Options(5, iterations: 100, tolerance: 0f);
        cancelled.CancellationToken = cancellation.Token;
        cancelled.Progress = new SynchronousProgress<NonNegativeMatrixFactorizationProgress>(r =>
        {
            if (r.Iteration == 3)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => context.Transforms.NonNegativeMatrixFactorization(cancelled).Fit(TestData.FromRows(context, data)));
    }

    [Theory]
    [InlineData(NonNegativeMatrixFactorizationSolver.CoordinateDescent, NonNegativeMatrixFactorizationLoss.Frobenius)]
    [InlineData(NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate, NonNegativeMatrixFactorizationLoss.KullbackLeibler)]
    [InlineData(NonNegativeMatrixFactorizationSolver.MiniBatch, NonNegativeMatrixFactorizationLoss.Frobenius)]
    public void An_all_zero_row_is_handled_and_gets_zero_coefficients(NonNegativeMatrixFactorizationSolver solver, NonNegativeMatrixFactorizationLoss loss)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] data = NmfTestData.Planted(60, 12, 3, seed: 4, noise: 0.1);
        data[7] = new float[12];
        NonNegativeMatrixFactorizationOptions options = Options(3);
        options.Solver = solver;
        options.Loss = loss;
        options.BatchSize = 25;
        NonNegativeMatrixFactorizationTransformer model = mlContext.Transforms.NonNegativeMatrixFactorization(options).Fit(TestData.FromRows(mlContext, data));
        Assert.True(double.IsFinite(model.ReconstructionError) && model.ReconstructionError < 0.5);
        Assert.All(model.Components.AsSpan().ToArray(), value => Assert.True(float.IsFinite(value) && value >= 0f));
        float[][] coefficients = ColumnValues.Vectors(model.Transform(TestData.FromRows(mlContext, data)), "Coefficients");
        Assert.Equal(new float[3], coefficients[7]);
        Assert.All(coefficients.SelectMany(row => row), value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Passes_the_estimator_conformance_check()
    {
        float[][] data = NmfTestData.Planted(90, 10, 3, seed: 12, noise: 0.2);
        EstimatorConformance.Check(new ConformanceCase<NonNegativeMatrixFactorizationTransformer>
        {
            CreateEstimator = ml => ml.Transforms.NonNegativeMatrixFactorization("Coefficients", "Features", rank: 3),
            CreateData = ml => TestData.FromRows(ml, data),
            ExpectedOutputs = [new ExpectedColumn("Coefficients", new VectorDataViewType(NumberDataViewType.Single, 3))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
    }

    [Fact]
    public void A_sparse_kullback_leibler_model_passes_the_conformance_check_and_keeps_its_state_after_loading()
    {
        float[][] data = NmfTestData.Tfidf[..80];
        NonNegativeMatrixFactorizationTransformer model = EstimatorConformance.Check(new ConformanceCase<NonNegativeMatrixFactorizationTransformer>
        {
            CreateEstimator = ml => ml.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions
            {
                OutputColumnName = "Topics",
                InputColumnName = "Features",
                Rank = 4,
                Solver = NonNegativeMatrixFactorizationSolver.MultiplicativeUpdate,
                Loss = NonNegativeMatrixFactorizationLoss.KullbackLeibler,
                AlphaW = 0.001f,
                L1Ratio = 0.5f,
                MaximumNumberOfIterations = 50,
            }),
            CreateData = ml => TestData.FromRowsSparse(ml, data),
            ExpectedOutputs = [new ExpectedColumn("Topics", new VectorDataViewType(NumberDataViewType.Single, 4))],
            BadInputs = [BadInput.MissingColumn("Features")],
        });

        var mlContext = new MLContext(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"nmf-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, TestData.FromRowsSparse(mlContext, data).Schema, path);
            var loaded = (NonNegativeMatrixFactorizationTransformer)new MLContext(seed: 2).RegisterMLEmbeddings().Model.Load(path, out _);
            Assert.Equal(model.Components.AsSpan().ToArray(), loaded.Components.AsSpan().ToArray());
            Assert.Equal(
                (model.IterationsRun, model.Converged, model.ReconstructionError, model.BetaDivergence, model.Loss, model.AlphaW, model.L1Ratio),
                (loaded.IterationsRun, loaded.Converged, loaded.ReconstructionError, loaded.BetaDivergence, loaded.Loss, loaded.AlphaW, loaded.L1Ratio));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
