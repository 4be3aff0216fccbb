using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>Invariants of every learner: <c>M = L^T L</c> symmetric positive semi-definite, outputs equal <c>L x</c>, seeds, progress and cancellation.</summary>
public class MetricLearningInvariantTests
{
    public static TheoryData<string> Learners => MetricLearners.All();

    [Theory]
    [MemberData(nameof(Learners))]
    public void Mahalanobis_matrix_is_symmetric_positive_semidefinite_and_outputs_are_L_x(string learner)
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(120, 7, 3, seed: 21);
        MahalanobisProjectionTransformer fitted = MetricLearners.Create(mlContext, learner, 4, maximumIterations: 50).Fit(TestData.FromRows(mlContext, rows, labels));
        DenseMatrix l = fitted.Projection;
        DenseMatrix m = fitted.MahalanobisMatrix;
        Assert.Equal((7, 7), (m.Rows, m.Columns));
        double largest = 0;
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                double expected = Enumerable.Range(0, l.Rows).Sum(k => (double)l[k, i] * l[k, j]);
                largest = Math.Max(largest, Math.Abs(expected));
                Assert.Equal(expected, m[i, j], 1e-5 * Math.Max(1, Math.Abs(expected)));
                Assert.Equal(m[i, j], m[j, i]);
            }
        }

        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(m.AsView());
        Assert.True(eigen.Eigenvalues[6] >= -1e-6 * largest, $"{learner}: smallest eigenvalue {eigen.Eigenvalues[6]}");

        float[][] projected = MetricLearningData.Project(mlContext, fitted, rows);
        for (int r = 0; r < rows.Length; r += 17)
        {
            for (int k = 0; k < l.Rows; k++)
            {
                double expected = Enumerable.Range(0, 7).Sum(j => (double)l[k, j] * rows[r][j]);
                Assert.Equal(expected, projected[r][k], 1e-4 * Math.Max(1, Math.Abs(expected)));
            }
        }
    }

    [Fact]
    public void Lfda_is_deterministic_whatever_the_seed_and_thread_count()
    {
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(200, 8, 4, seed: 22);
        float[] Fit(int seed, int threads)
        {
            var mlContext = new MLContext(seed: seed);
            return mlContext.Transforms.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = 3, MaxDegreeOfParallelism = threads })
                .Fit(TestData.FromRows(mlContext, rows, labels)).Projection.ToArray();
        }

        float[] reference = Fit(1, 1);
        Assert.Equal(reference, Fit(2, 1));
        Assert.Equal(reference, Fit(3, 2));
        Assert.Equal(reference, Fit(4, -1));
    }

    [Fact]
    public void Seed_decides_a_random_start_and_mini_batches()
    {
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(150, 6, 3, seed: 23);
        float[] Fit(int? seed, int contextSeed, NeighborhoodComponentsOptimizer optimizer)
        {
            var mlContext = new MLContext(seed: contextSeed);
            return mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
            {
                OutputColumnName = "Projected",
                InputColumnName = "Features",
                Rank = 2,
                Initialization = MetricLearningInitialization.Random,
                Optimizer = optimizer,
                BatchSize = 50,
                MaximumNumberOfIterations = 5,
                Seed = seed,
            }).Fit(TestData.FromRows(mlContext, rows, labels)).Projection.ToArray();
        }

        foreach (NeighborhoodComponentsOptimizer optimizer in Enum.GetValues<NeighborhoodComponentsOptimizer>())
        {
            Assert.Equal(Fit(7, 1, optimizer), Fit(7, 2, optimizer));
            Assert.NotEqual(Fit(7, 1, optimizer), Fit(8, 1, optimizer));
            Assert.Equal(Fit(null, 5, optimizer), Fit(null, 5, optimizer));
            Assert.NotEqual(Fit(null, 5, optimizer), Fit(null, 6, optimizer));
        }
    }

    [Fact]
    public void Progress_is_reported_per_iteration_and_cancellation_stops_fit()
    {
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(150, 6, 3, seed: 24);
        var mlContext = new MLContext(seed: 1);
        var reports = new List<MetricLearningProgress>();
        var messages = new List<string>();
        mlContext.Log += (_, e) => messages.Add(e.Message);
        MahalanobisProjectionTransformer fitted = mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = "Projected",
            InputColumnName = "Features",
            Rank = 2,
            MaximumNumberOfIterations = 8,
            Tolerance = 0,
            Progress = new SynchronousProgress<MetricLearningProgress>(reports.Add),
        }).Fit(TestData.FromRows(mlContext, rows, labels));

        Assert.Equal(Enumerable.Range(1, fitted.IterationsRun), reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal((MetricLearningAlgorithm.NeighborhoodComponentsAnalysis, 8), (r.Algorithm, r.MaximumIterations)));
        Assert.Equal(fitted.Objective, reports[^1].Objective);
        Assert.Contains(messages, m => m.Contains("NeighborhoodComponentsAnalysis: iteration 1 of 8", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("learning a 2 x 6 projection from 150 rows", StringComparison.Ordinal));

        using var cancellation = new CancellationTokenSource();
        var cancelling = new SynchronousProgress<MetricLearningProgress>(p =>
        {
            if (p.Iteration == 2)
            {
                cancellation.Cancel();
            }
        });
        var cancelled = new List<int>();
        foreach (string learner in new[] { "nca", "lmnn", "itml" })
        {
            var estimator = learner switch
            {
                "nca" => (IEstimator<MahalanobisProjectionTransformer>)mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "P", InputColumnName = "Features", Progress = cancelling, CancellationToken = cancellation.Token, Tolerance = 0 }),
                "lmnn" => mlContext.Transforms.LargeMarginNearestNeighbor(new LargeMarginNearestNeighborOptions { OutputColumnName = "P", InputColumnName = "Features", Progress = cancelling, CancellationToken = cancellation.Token, Tolerance = 0 }),
                _ => mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions { OutputColumnName = "P", InputColumnName = "Features", Progress = cancelling, CancellationToken = cancellation.Token, Tolerance = 1e-12 }),
            };
            Assert.ThrowsAny<OperationCanceledException>(() => estimator.Fit(TestData.FromRows(mlContext, rows, labels)));
            cancellation.TryReset();
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (the framework's Progress posts to a synchronization context).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
