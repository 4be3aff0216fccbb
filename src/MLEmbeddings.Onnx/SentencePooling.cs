namespace MLEmbeddings.Onnx;

/// <summary>How the token vectors of a model's <c>last_hidden_state</c> output become one sentence vector.</summary>
public enum SentencePooling
{
    /// <summary>
    /// Mean of the token vectors over the attention mask, <c>e = Σ_t m_t h_t / Σ_t m_t</c> (padding excluded; [CLS] and
    /// [SEP] included): sentence-transformers' <c>pooling_mode_mean_tokens</c>, used by all-MiniLM-L6-v2 and e5.
    /// </summary>
    Mean,

    /// <summary>The vector of the first token, <c>[CLS]</c>: sentence-transformers' <c>pooling_mode_cls_token</c>, used by bge.</summary>
    Cls,

    /// <summary>Element-wise maximum over the unpadded token vectors: sentence-transformers' <c>pooling_mode_max_tokens</c>.</summary>
    Max,
}
