namespace MLEmbeddings.DeepMetricLearning;

/// <summary>Progress of deep metric learning, reported once per epoch.</summary>
/// <param name="Epoch">Epochs done, 1-based.</param>
/// <param name="Epochs">The epoch budget (<c>Epochs</c>).</param>
/// <param name="Loss">Mean loss over the epoch's batches.</param>
/// <param name="ValidationRecallAtOne">Held-out Recall@1 after the epoch in [0, 1], NaN without a validation split.</param>
public readonly record struct DeepMetricLearningProgress(int Epoch, int Epochs, double Loss, double ValidationRecallAtOne);
