namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// The expected key results of every notebook in notebooks/, by file name. Ranges come from independent references
/// (scikit-learn on the same data and split), not from the notebooks' own output. A notebook without an entry here fails.
/// </summary>
internal static class NotebookExpectations
{
    public static IReadOnlyDictionary<string, NotebookExpectation> All { get; } = new Dictionary<string, NotebookExpectation>(StringComparer.Ordinal)
    {
        // digits, stratified 75/25 split of samples/data/digits.csv. scikit-learn 1.2: KNeighborsClassifier(5) 0.9800,
        // KNeighborsClassifier(1) 0.9822 (= the nearest training image has the query's label), NearestCentroid() 0.9067.
        ["k-nearest-neighbors.ipynb"] = new(
            new Dictionary<string, (double, double)>(StringComparer.Ordinal)
            {
                ["knn_accuracy"] = (0.970, 0.990),
                ["centroid_accuracy"] = (0.895, 0.920),
                ["search_top1_label_match"] = (0.975, 0.990),
                ["reloaded_agreement"] = (1.0, 1.0),
            },
            ["accuracy_plot", "confusion_plot"]),
    };
}
