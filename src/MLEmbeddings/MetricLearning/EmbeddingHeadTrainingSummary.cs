namespace MLEmbeddings.MetricLearning;

/// <summary>How an <see cref="EmbeddingHeadTransformer"/> was trained.</summary>
/// <param name="EpochsRun">Epochs run (fewer than requested when early stopping ended training).</param>
/// <param name="KeptEpoch">The 1-based epoch whose weights the head holds: the one with the best held-out Recall@1, or the last epoch without a validation split.</param>
/// <param name="Loss">Mean training loss over the batches of <paramref name="KeptEpoch"/>.</param>
/// <param name="ValidationRecallAtOne">Held-out Recall@1 of <paramref name="KeptEpoch"/> in [0, 1]: the fraction of validation rows whose nearest other validation row (cosine) has their class; NaN without a validation split.</param>
public sealed record EmbeddingHeadTrainingSummary(int EpochsRun, int KeptEpoch, double Loss, double ValidationRecallAtOne);
