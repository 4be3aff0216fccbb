namespace MLEmbeddings.DeepMetricLearning;

/// <summary>What a miner returns: pairs or triplets of row positions of a batch; either converts to the other for the loss that uses it.</summary>
internal abstract record MinedTuples
{
    /// <summary>The tuples as positive and negative pairs.</summary>
    public abstract IndexPairs ToPairs();

    /// <summary>The tuples as triplets.</summary>
    public abstract IndexTriplets ToTriplets();
}
