namespace MLEmbeddings.DeepMetricLearning;

/// <summary>The optimizer that trains the embedding head (and a loss's class vectors).</summary>
public enum DeepMetricLearningOptimizer
{
    /// <summary>Adam with L2 weight decay added to the gradient (PyTorch <c>torch.optim.Adam(weight_decay=...)</c>).</summary>
    Adam = 0,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter; PyTorch <c>torch.optim.AdamW</c>).</summary>
    AdamW = 1,
}
