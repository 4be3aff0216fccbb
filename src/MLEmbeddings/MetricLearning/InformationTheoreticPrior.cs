namespace MLEmbeddings.MetricLearning;

/// <summary>The prior Mahalanobis matrix <c>M_0</c> that ITML stays close to (metric-learn's <c>prior</c>).</summary>
public enum InformationTheoreticPrior
{
    /// <summary><c>M_0 = I</c>: the Euclidean distance (metric-learn <c>'identity'</c>).</summary>
    Identity = 0,

    /// <summary>
    /// <c>M_0 = (C + epsilon I)^-1</c> for the data covariance <c>C</c> and a ridge <c>epsilon = 1e-3 tr(C) / d</c>: the
    /// (regularised) Mahalanobis distance of the data (metric-learn <c>'covariance'</c>).
    /// </summary>
    InverseCovariance = 1,
}
