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

    [Fact]
    public void Itml_without_sweeps_returns_its_prior_with_zero_divergence()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(200, 5, 3, seed: 25);
        foreach (InformationTheoreticPrior prior in Enum.GetValues<InformationTheoreticPrior>())
        {
            MahalanobisProjectionTransformer fitted = mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions
            {
                OutputColumnName = "Projected",
                InputColumnName = "Features",
                Prior = prior,
                MaximumNumberOfIterations = 0,
            }).Fit(TestData.FromRows(mlContext, rows, labels));

            // Identity: M = I. Inverse covariance: M (C + 1e-3 tr(C)/5 I) = I, C the sample covariance (computed here in double).
            double[] mean = Enumerable.Range(0, 5).Select(j => rows.Average(r => (double)r[j])).ToArray();
            double[,] covariance = new double[5, 5];
            for (int a = 0; a < 5; a++)
            {
                for (int b = 0; b < 5; b++)
                {
                    covariance[a, b] = prior == InformationTheoreticPrior.Identity ? (a == b ? 1 : 0) : rows.Sum(r => (r[a] - mean[a]) * (r[b] - mean[b])) / (rows.Length - 1);
                }
            }

            double ridge = prior == InformationTheoreticPrior.Identity ? 0 : 1e-3 * Enumerable.Range(0, 5).Average(j => covariance[j, j]);
            for (int a = 0; a < 5; a++)
            {
                for (int b = 0; b < 5; b++)
                {
                    double product = Enumerable.Range(0, 5).Sum(k => fitted.MahalanobisMatrix[a, k] * (covariance[k, b] + (k == b ? ridge : 0)));
                    Assert.Equal(a == b ? 1.0 : 0.0, product, 1e-3);
                }
            }

            Assert.Equal(0, fitted.IterationsRun);
            Assert.Equal(0.0, fitted.Objective, 1e-3);
        }
    }

    [Fact]
    public void Lda_start_whitens_the_within_class_covariance()
    {
        var mlContext = new MLContext(seed: 1);
        (float[][] rows, string[] labels) = MetricLearningData.InformativeAmongNoise(400, 6, 4, seed: 26);
        MahalanobisProjectionTransformer start = mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions
        {
            OutputColumnName = "Projected",
            InputColumnName = "Features",
            Rank = 3,
            Initialization = MetricLearningInitialization.Lda,
            MaximumNumberOfIterations = 0,
        }).Fit(TestData.FromRows(mlContext, rows, labels));

        // The projected within-class covariance (pooled, n - classes degrees of freedom) is the identity, up to the 1e-3 ridge.
        float[][] projected = MetricLearningData.Project(mlContext, start, rows);
        var within = new double[3, 3];
        foreach (IGrouping<string, int> group in Enumerable.Range(0, rows.Length).GroupBy(i => labels[i]))
        {
            double[] mean = Enumerable.Range(0, 3).Select(k => group.Average(i => (double)projected[i][k])).ToArray();
            foreach (int i in group)
            {
                for (int a = 0; a < 3; a++)
                {
                    for (int b = 0; b < 3; b++)
                    {
                        within[a, b] += (projected[i][a] - mean[a]) * (projected[i][b] - mean[b]) / (rows.Length - 4);
                    }
                }
            }
        }

        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                Assert.Equal(a == b ? 1.0 : 0.0, within[a, b], 0.02);
            }
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (the framework's Progress posts to a synchronization context).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
