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

        // Standardized digits (StandardScaler on the training fold), held-out 1-NN accuracy; references in
        // tests/fixtures/notebook_references.csv (tests/fixtures/scripts/make_notebook_references.py): scikit-learn 1.2
        // input 0.9667, NeighborhoodComponentsAnalysis(32, init='auto', max_iter=50) 0.9778, a numpy LFDA (rank 32, k = 7,
        // weighted) 0.9711, PCA(2, whiten=True) 0.5333, NCA(2, init='pca') 0.7267. The ranges allow a few test images (1 image = 0.0022)
        // for float32 arithmetic and a different L-BFGS; 2-D NCA is non-convex, so its range is wider. No LMNN is available
        // offline (metric-learn is not packaged in Debian): LMNN (rank 32, k = 3, 30 iterations) must at least match
        // scikit-learn's 1-NN on the input. The ONNX export must reproduce the transformer; the reloaded model must agree
        // everywhere.
        ["metric-learning.ipynb"] = new(
            new Dictionary<string, (double, double)>(StringComparer.Ordinal)
            {
                ["input_1nn_accuracy"] = (0.955, 0.975),
                ["nca_1nn_accuracy"] = (0.965, 0.990),
                ["lmnn_1nn_accuracy"] = (0.9667, 0.995),
                ["lfda_1nn_accuracy"] = (0.960, 0.980),
                ["pca2_1nn_accuracy"] = (0.515, 0.575),
                ["nca2_1nn_accuracy"] = (0.670, 0.780),
                ["onnx_max_difference"] = (0.0, 1e-4),
                ["reloaded_agreement"] = (1.0, 1.0),
            },
            ["embedding_plot"]),

        // The Fashion-MNIST subset (5,000 training, 1,000 test images, pixels / 255); references in
        // tests/fixtures/notebook_references.csv: scikit-learn 1.2 NMF(24, init='nndsvda', solver='cd', tol=1e-4,
        // max_iter=200) relative error 0.3084 on the training and 0.3124 on the test images (stopped at 200 iterations;
        // another coordinate-descent path reaches another local minimum, so about 1 % either way is allowed), 5-NN accuracy
        // on its 24 coefficients 0.7490 and on the pixels 0.8020 (1 test image = 0.001; a different local minimum of the
        // factorization moves the coefficient accuracy by a few points). Components are non-negative by definition;
        // the reloaded transformer must give the same coefficients.
        ["nmf.ipynb"] = new(
            new Dictionary<string, (double, double)>(StringComparer.Ordinal)
            {
                ["train_relative_error"] = (0.300, 0.312),
                ["test_relative_error"] = (0.304, 0.316),
                ["smallest_component_entry"] = (0.0, 0.0),
                ["knn_parts_accuracy"] = (0.720, 0.780),
                ["knn_pixels_accuracy"] = (0.795, 0.810),
                ["reloaded_max_difference"] = (0.0, 0.0),
            },
            ["parts_plot", "reconstruction_plot"]),

        // samples/data/sentences.tsv embedded by the test encoder (tests/fixtures/onnx/sentence_encoder.onnx, random
        // weights), leave-one-out cosine retrieval by topic; references in tests/fixtures/notebook_references.csv (the
        // encoder rebuilt in torch from its seed, numpy metrics with pytorch-metric-learning's definitions): Precision@1 /
        // MAP@R 0.1875 / 0.0989 for the embeddings, 0.1667 / 0.0804 truncated to 16 values, 0.1875 / 0.0919 PCA-whitened
        // to rank 16; largest deviation of a whitened variance from 1: 0.0015. One query = 1/48 = 0.0208 of Precision@1;
        // the ranges allow one query to flip on a float32 near-tie. The reloaded pipeline must reproduce the embeddings.
        ["embeddings.ipynb"] = new(
            new Dictionary<string, (double, double)>(StringComparer.Ordinal)
            {
                ["embedding_precision_at_1"] = (0.1666, 0.2084),
                ["embedding_map_at_r"] = (0.094, 0.104),
                ["truncated_precision_at_1"] = (0.1458, 0.1876),
                ["truncated_map_at_r"] = (0.075, 0.086),
                ["whitened_precision_at_1"] = (0.1666, 0.2084),
                ["whitened_map_at_r"] = (0.087, 0.097),
                ["whitened_variance_deviation"] = (0.0010, 0.0020),
                ["reloaded_max_difference"] = (0.0, 0.0),
            },
            ["similarity_plot", "retrieval_plot"]),
    };
}
