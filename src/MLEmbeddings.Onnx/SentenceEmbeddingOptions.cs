namespace MLEmbeddings.Onnx;

/// <summary>
/// Options of <c>mlContext.Transforms.Text.ApplySentenceEmbedding</c>: the text and output columns, whether the model
/// is stored inside the saved ML.NET zip, and everything of <see cref="SentenceEncoderOptions"/>.
/// </summary>
public sealed class SentenceEmbeddingOptions : SentenceEncoderOptions
{
    /// <summary>Name of the output column, a <c>Vector&lt;Single, dimension&gt;</c>. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>
    /// Name of the input column, scalar text. Null means <see cref="OutputColumnName"/>. A missing (empty) text is
    /// embedded as empty text, that is the embedding of <c>[CLS][SEP]</c>.
    /// </summary>
    public string? InputColumnName { get; set; }

    /// <summary>
    /// Whether <c>mlContext.Model.Save</c> stores the ONNX model and the vocabulary inside the zip (default true: the
    /// saved pipeline is self-contained; the transformer keeps the model's bytes in memory for that). False stores their
    /// paths instead (for large models, or models with external data files); loading then needs the files at the same paths.
    /// </summary>
    public bool EmbedModelInZip { get; set; } = true;

    /// <summary>A copy of the options.</summary>
    internal SentenceEmbeddingOptions Clone() => (SentenceEmbeddingOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options do not go together.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is { Length: 0 })
        {
            throw new ArgumentException("InputColumnName must be null (same as the output column) or a column name; got an empty string.", nameof(InputColumnName));
        }

        ValidateEncoder();
    }
}
