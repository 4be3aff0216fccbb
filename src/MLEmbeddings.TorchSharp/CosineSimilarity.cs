using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>The cosine similarity <c>x . y / (||x|| ||y||)</c> (pytorch-metric-learning <c>CosineSimilarity</c>); larger is closer, in [-1, 1].</summary>
public sealed class CosineSimilarity : MetricDistance
{
    /// <summary>Always true: a similarity.</summary>
    public override bool IsSimilarity => true;

    internal override Tensor Pairwise(Tensor queries, Tensor references) => Normalize(queries).matmul(Normalize(references).t());
}
