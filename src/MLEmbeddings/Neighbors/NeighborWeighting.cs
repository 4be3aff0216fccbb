namespace MLEmbeddings.Neighbors;

/// <summary>How the k nearest neighbours of a row vote for its class.</summary>
public enum NeighborWeighting
{
    /// <summary>Every neighbour has weight 1; the class probability is the fraction of neighbours of that class (scikit-learn <c>weights='uniform'</c>).</summary>
    Uniform = 0,

    /// <summary>
    /// Weight <c>1 / d</c> with <c>d</c> the Euclidean distance or the cosine distance <c>1 - cos</c>; when some
    /// neighbours are at distance 0, they alone vote, each with weight 1 (exactly scikit-learn's
    /// <c>weights='distance'</c>). Not available with <see cref="NeighborMetric.InnerProduct"/>.
    /// </summary>
    InverseDistance = 1,

    /// <summary>
    /// Weight <c>exp(s / T)</c>, a softmax over the neighbours' similarities <c>s</c> with temperature <c>T</c>
    /// (the trainer's <c>Temperature</c> option): <c>s</c> is the cosine similarity or inner product, or minus the
    /// Euclidean distance for <see cref="NeighborMetric.Euclidean"/>. Small temperatures approach 1-NN, large
    /// ones approach uniform voting.
    /// </summary>
    Softmax = 2,
}
