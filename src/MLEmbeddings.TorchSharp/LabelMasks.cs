using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>Boolean <c>n x n</c> masks of the pairs of a batch from its labels.</summary>
internal static class LabelMasks
{
    /// <summary>Pairs <c>(i, j)</c>, <c>i != j</c>, of the same class.</summary>
    public static Tensor Positive(Tensor labels)
    {
        long n = labels.shape[0];
        return SameClass(labels).logical_and(eye(n, dtype: ScalarType.Bool, device: labels.device).logical_not());
    }

    /// <summary>Pairs <c>(i, j)</c> of different classes.</summary>
    public static Tensor Negative(Tensor labels) => SameClass(labels).logical_not();

    private static Tensor SameClass(Tensor labels) => labels.unsqueeze(1).eq(labels.unsqueeze(0));
}
