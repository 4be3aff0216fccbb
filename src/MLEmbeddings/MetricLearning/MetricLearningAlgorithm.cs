namespace MLEmbeddings.MetricLearning;

/// <summary>The learner that produced a <see cref="MahalanobisProjectionTransformer"/>.</summary>
public enum MetricLearningAlgorithm
{
    /// <summary>Neighbourhood Components Analysis (scikit-learn <c>NeighborhoodComponentsAnalysis</c>).</summary>
    NeighborhoodComponentsAnalysis = 0,

    /// <summary>Large Margin Nearest Neighbour (metric-learn <c>LMNN</c>).</summary>
    LargeMarginNearestNeighbor = 1,

    /// <summary>Information-Theoretic Metric Learning (metric-learn <c>ITML</c>).</summary>
    InformationTheoreticMetricLearning = 2,

    /// <summary>Local Fisher Discriminant Analysis (metric-learn <c>LFDA</c>).</summary>
    LocalFisherDiscriminantAnalysis = 3,
}
