namespace MLEmbeddings.Embeddings;

/// <summary>Where the binary quantizer puts the threshold of every dimension.</summary>
public enum BinaryQuantizationThreshold
{
    /// <summary>0 in every dimension: the sign bits (sentence-transformers <c>ubinary</c>, Cohere binary embeddings). Nothing is learned.</summary>
    Zero = 0,

    /// <summary>The mean of the dimension over the fitted rows, so that each bit splits the data near its centre.</summary>
    Mean = 1,
}
