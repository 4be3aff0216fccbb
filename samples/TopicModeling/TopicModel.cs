using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using MLEmbeddings.Decomposition;
using SampleSupport;

namespace TopicModeling;

/// <summary>
/// The topic model of a corpus: TF-IDF word features (<c>FeaturizeText</c>) factorized by NMF,
/// <c>X ~ W H</c>: each row of <c>H</c> (<see cref="NonNegativeMatrixFactorizationTransformer.Components"/>) weighs the
/// vocabulary's words for one topic; each row of <c>W</c> (the output column) weighs the topics of one document.
/// </summary>
internal sealed partial class TopicModel
{
    private TopicModel(NonNegativeMatrixFactorizationTransformer factorization, int vocabularySize, IReadOnlyList<Topic> topics)
    {
        Factorization = factorization;
        VocabularySize = vocabularySize;
        Topics = topics;
    }

    /// <summary>The fitted NMF step (iterations, reconstruction error, components).</summary>
    public NonNegativeMatrixFactorizationTransformer Factorization { get; }

    /// <summary>Number of distinct words after stop-word removal: the width of the TF-IDF features.</summary>
    public int VocabularySize { get; }

    /// <summary>The topics, in the order of the NMF components.</summary>
    public IReadOnlyList<Topic> Topics { get; }

    /// <summary>Fits the model with <paramref name="numberOfTopics"/> topics and keeps the top <paramref name="numberOfWords"/> words of each.</summary>
    public static TopicModel Fit(IReadOnlyList<LabeledText> documents, int numberOfTopics, int numberOfWords)
    {
        var mlContext = new MLContext(seed: 1);

        // FeaturizeText splits words at spaces only; documents about code contain "a.b(c)", ">>>" and operators, so every
        // run of characters other than letters, and of one-letter words (variable names), becomes one space first.
        IDataView data = mlContext.Data.LoadFromEnumerable(documents.Select(d => new LabeledText { Label = d.Label, Text = NonWords().Replace(d.Text, " ") }));

        // Words only (no character n-grams): lower case, no punctuation or digits, English stop words removed, TF-IDF
        // weights, each document scaled to unit length (scikit-learn's TfidfVectorizer defaults). The column is sparse,
        // and NMF keeps it sparse.
        var featurizer = mlContext.Transforms.Text.FeaturizeText("Words", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepNumbers = false,
            KeepPunctuations = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = 1,
                UseAllLengths = false,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(LabeledText.Text)).Fit(data);
        IDataView words = mlContext.Data.Cache(featurizer.Transform(data));

        NonNegativeMatrixFactorizationTransformer factorization = mlContext.Transforms
            .NonNegativeMatrixFactorization("Topics", "Words", rank: numberOfTopics)
            .Fit(words);

        string[] vocabulary = Vocabulary(words.Schema["Words"]);
        int[] dominantTopic = mlContext.Data.CreateEnumerable<DocumentTopics>(factorization.Transform(words), reuseRowObject: false)
            .Select(row => Array.IndexOf(row.Topics, row.Topics.Max()))
            .ToArray();

        var topics = new List<Topic>(numberOfTopics);
        for (int topic = 0; topic < numberOfTopics; topic++)
        {
            float[] weights = factorization.Components.Row(topic).ToArray();
            string[] topWords = Enumerable.Range(0, weights.Length)
                .Where(word => weights[word] > 0)
                .OrderByDescending(word => weights[word])
                .ThenBy(word => word)
                .Take(numberOfWords)
                .Select(word => vocabulary[word])
                .ToArray();
            string[] labels = dominantTopic.Select((t, document) => (t, document)).Where(p => p.t == topic).Select(p => documents[p.document].Label).ToArray();
            (string label, int count) = labels.Where(l => l.Length > 0).GroupBy(l => l, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            topics.Add(new Topic(topWords, labels.Length, label ?? string.Empty, labels.Length > 0 ? count / (double)labels.Length : 0));
        }

        return new TopicModel(factorization, vocabulary.Length, topics);
    }

    [GeneratedRegex(@"(?:[^\p{L}]|\b\p{L}\b)+")]
    private static partial Regex NonWords();

    // The words behind the slots of the TF-IDF column, from its slot-name annotation.
    private static string[] Vocabulary(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(name => name.ToString()).ToArray();
    }
}
