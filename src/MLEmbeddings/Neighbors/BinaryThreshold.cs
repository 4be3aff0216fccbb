namespace MLEmbeddings.Neighbors;

/// <summary>Where each dimension is cut into 0 and 1 by <see cref="QuantizationKind.Binary"/> codes.</summary>
public enum BinaryThreshold
{
    /// <summary>At 0: the bit is the sign of the value (for centred embeddings, cosine and inner product).</summary>
    Sign = 0,

    /// <summary>At the dimension's mean over the training sample (for data that is not centred, such as pixels).</summary>
    Mean = 1,
}
