using Microsoft.Extensions.AI;

namespace MLEmbeddings.Onnx;

/// <summary>
/// Options of zero-shot classification, <c>mlContext.MulticlassClassification.Trainers.ZeroShotClassification(options)</c>:
/// each row's embedding is compared by cosine similarity with one prototype per class, the normalised mean of the
/// normalised embeddings of the class's descriptions; <c>Score</c> holds <c>softmax(cos(x, p_k) / Temperature)</c> and
/// <c>PredictedLabel</c> the most similar class.
/// </summary>
public sealed class ZeroShotClassificationOptions
{
    /// <summary>
    /// The key-typed label column whose <c>KeyValues</c> are the class names (add <c>MapValueToKey</c> first). Optional:
    /// when the data has no such column, the classes are <see cref="Classes"/> in order. Default "Label".
    /// </summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>The embedding column, a known-size <c>Vector&lt;Single&gt;</c> (the output of <c>ApplySentenceEmbedding</c>). Default "Features".</summary>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>
    /// Embeds the class descriptions at <c>Fit</c>: use the same model as the feature column, for example
    /// <c>sentenceEmbeddingTransformer.CreateEmbeddingGenerator()</c> or a <see cref="SentenceEmbeddingGenerator"/>.
    /// Required; not saved (the fitted model keeps the prototypes).
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; set; }

    /// <summary>The classes, each with one or more descriptions. At least one; names unique.</summary>
    public IList<ZeroShotClass> Classes { get; } = [];

    /// <summary>Softmax temperature <c>T &gt; 0</c> over the cosine similarities. Default 0.05. The predicted class does not depend on it.</summary>
    public float Temperature { get; set; } = Defaults.ZeroShotTemperature;

    /// <summary>Number of rows scored per kernel call when transforming a data view, at least 1. Default 4096.</summary>
    public int BatchSize { get; set; } = Defaults.NeighborBatchSize;

    /// <summary>Most threads used for scoring; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range, the generator is missing, or class names repeat.</exception>
    internal void Validate()
    {
        OptionChecks.RequireColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.RequireColumnName(FeatureColumnName, nameof(FeatureColumnName));
        if (EmbeddingGenerator is null)
        {
            throw new ArgumentException("EmbeddingGenerator must embed the class descriptions with the model of the feature column; got null.", nameof(EmbeddingGenerator));
        }

        if (Classes.Count == 0 || Classes.Any(c => c is null))
        {
            throw new ArgumentException($"Classes must hold at least one class and no null entry; got {Classes.Count} entries.", nameof(Classes));
        }

        string? repeated = Classes.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new ArgumentException($"Classes must have unique names; '{repeated}' appears more than once.", nameof(Classes));
        }

        OptionChecks.RequirePositiveFinite(Temperature, nameof(Temperature));
        OptionChecks.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
