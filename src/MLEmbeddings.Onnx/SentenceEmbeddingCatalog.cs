using MLEmbeddings;
using MLEmbeddings.Interop;
using MLEmbeddings.Onnx;
using Microsoft.Extensions.AI;

namespace Microsoft.ML;

/// <summary>
/// Catalog methods of the ONNX sentence-embedding components:
/// <c>mlContext.Transforms.Text.ApplySentenceEmbedding(...)</c> and
/// <c>mlContext.MulticlassClassification.Trainers.ZeroShotClassification(...)</c>.
/// </summary>
public static class SentenceEmbeddingCatalog
{
    /// <summary>
    /// Sentence embeddings from a local BERT-family ONNX model (all-MiniLM-L6-v2, bge-small, e5-small, ...): each
    /// row's text is tokenised with the model's WordPiece vocabulary, run through ONNX Runtime in padded micro-batches
    /// of 32, mean-pooled over the attention mask and scaled to unit L2 norm. The output column is a known-size
    /// <c>Vector&lt;Single, d&gt;</c>, so k-NN, NMF and metric learning work downstream. Tokenizer settings come from
    /// <c>tokenizer_config.json</c> / <c>sentence_bert_config.json</c> / <c>config.json</c> next to the vocabulary when
    /// present; use the options overload for pooling, truncation, batching and storage settings.
    /// </summary>
    /// <param name="catalog">The text transforms catalog (<c>mlContext.Transforms.Text</c>).</param>
    /// <param name="outputColumnName">Name of the embedding column.</param>
    /// <param name="inputColumnName">Name of the text column; null means <paramref name="outputColumnName"/>. A missing (empty) text is embedded as empty text.</param>
    /// <param name="modelPath">The ONNX model file (for example <c>onnx/model.onnx</c>).</param>
    /// <param name="vocabularyPath">The vocabulary file (<c>vocab.txt</c>).</param>
    /// <returns>The estimator; <c>Fit</c> opens the model and fails with a clear message if a file is missing or the model is not a sentence encoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name or path is empty.</exception>
    public static SentenceEmbeddingEstimator ApplySentenceEmbedding(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string? inputColumnName, string modelPath, string vocabularyPath)
        => catalog.ApplySentenceEmbedding(new SentenceEmbeddingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelPath = modelPath,
            VocabularyPath = vocabularyPath,
        });

    /// <summary>Sentence embeddings with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The text transforms catalog (<c>mlContext.Transforms.Text</c>).</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or two options do not go together (the message says which).</exception>
    public static SentenceEmbeddingEstimator ApplySentenceEmbedding(this TransformsCatalog.TextTransforms catalog, SentenceEmbeddingOptions options)
    {
        ComponentHost.EnvironmentOf(catalog);
        return new SentenceEmbeddingEstimator(options);
    }

    /// <summary>
    /// Zero-shot classification of embeddings: each class is described by one or more texts, embedded by
    /// <paramref name="embeddingGenerator"/> (the model of the feature column); each row gets the class whose
    /// prototype has the highest cosine similarity with its embedding. Outputs <c>Score</c> (softmax of the
    /// similarities over a temperature of 0.05) and <c>PredictedLabel</c>, like every multiclass trainer, so
    /// <c>Evaluate</c> works. No training rows are read.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="embeddingGenerator">Embeds the class descriptions, for example <c>embeddingTransformer.CreateEmbeddingGenerator()</c>.</param>
    /// <param name="classes">The classes with their descriptions (names are the label's key values when the data has a label column).</param>
    /// <param name="labelColumnName">The optional key-typed label column that orders the classes. Default "Label".</param>
    /// <param name="featureColumnName">The embedding column. Default "Features".</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="classes"/> is null.</exception>
    /// <exception cref="ArgumentException">The generator is null, there is no class, or class names repeat.</exception>
    public static ZeroShotClassificationTrainer ZeroShotClassification(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        IEnumerable<ZeroShotClass> classes,
        string labelColumnName = Defaults.LabelColumnName,
        string featureColumnName = Defaults.FeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var options = new ZeroShotClassificationOptions
        {
            EmbeddingGenerator = embeddingGenerator,
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
        };
        foreach (ZeroShotClass zeroShotClass in classes)
        {
            options.Classes.Add(zeroShotClass);
        }

        return catalog.ZeroShotClassification(options);
    }

    /// <summary>Zero-shot classification with all settings in <paramref name="options"/>; see the other overload.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings; copied, so later changes do not affect the trainer.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message says which).</exception>
    public static ZeroShotClassificationTrainer ZeroShotClassification(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, ZeroShotClassificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ZeroShotClassificationTrainer(ComponentHost.FromCatalog(catalog, "ZeroShotClassification"), options);
    }
}
