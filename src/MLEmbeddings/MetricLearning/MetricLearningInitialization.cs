namespace MLEmbeddings.MetricLearning;

/// <summary>The starting transformation <c>L</c> of the iterative learners (scikit-learn NCA's <c>init</c>).</summary>
public enum MetricLearningInitialization
{
    /// <summary>
    /// <see cref="Lda"/> when <c>Rank &lt;= min(d, classes - 1)</c>, else <see cref="Pca"/> when <c>Rank &lt; min(d, rows)</c>,
    /// else <see cref="Identity"/> (scikit-learn <c>init='auto'</c>).
    /// </summary>
    Auto = 0,

    /// <summary>The <c>Rank</c> leading principal axes of the centred data (scikit-learn <c>'pca'</c>).</summary>
    Pca = 1,

    /// <summary>
    /// The <c>Rank</c> leading linear discriminant directions, scaled so the projected within-class covariance is the
    /// identity (scikit-learn <c>'lda'</c>); needs <c>Rank &lt;= classes - 1</c>.
    /// </summary>
    Lda = 2,

    /// <summary>The first <c>Rank</c> rows of the identity: the first <c>Rank</c> input values (scikit-learn <c>'identity'</c>).</summary>
    Identity = 3,

    /// <summary>Independent standard normal entries drawn with the seed (scikit-learn <c>'random'</c>).</summary>
    Random = 4,
}
