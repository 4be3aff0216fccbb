using MLEmbeddings.MetricLearning;
using Microsoft.ML;

namespace MLEmbeddings.Tests.MetricLearning;

/// <summary>The four learners with their default settings, by name, for theories that run each in turn.</summary>
internal static class MetricLearners
{
    public static readonly string[] Names = ["nca", "lmnn", "itml", "lfda"];

    /// <summary>The learner <paramref name="name"/> from "Features"/"Label" to "Projected", at <paramref name="rank"/> (LMNN and ITML with <paramref name="maximumIterations"/> iterations or sweeps, ITML with <paramref name="itmlConstraints"/> pairs of each kind, when given).</summary>
    public static IEstimator<MahalanobisProjectionTransformer> Create(MLContext mlContext, string name, int? rank, int? seed = null, int? maximumIterations = null, int? itmlConstraints = null) => name switch
    {
        "nca" => mlContext.Transforms.NeighborhoodComponentsAnalysis(new NeighborhoodComponentsAnalysisOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, Seed = seed }),
        "lmnn" => mlContext.Transforms.LargeMarginNearestNeighbor(new LargeMarginNearestNeighborOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, Seed = seed, MaximumNumberOfIterations = maximumIterations ?? Defaults.LargeMarginMaximumIterations }),
        "itml" => mlContext.Transforms.InformationTheoreticMetricLearning(new InformationTheoreticMetricLearningOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, Seed = seed, MaximumNumberOfIterations = maximumIterations ?? Defaults.InformationTheoreticMaximumIterations, NumberOfConstraints = itmlConstraints }),
        "lfda" => mlContext.Transforms.LocalFisherDiscriminantAnalysis(new LocalFisherDiscriminantAnalysisOptions { OutputColumnName = "Projected", InputColumnName = "Features", Rank = rank, Seed = seed }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown learner"),
    };

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names)
        {
            data.Add(name);
        }

        return data;
    }
}
