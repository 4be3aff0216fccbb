namespace MLEmbeddings.Interop;

/// <summary>
/// The rows a trainer or fitting estimator read from its input: a contiguous row-major block of feature vectors and,
/// for supervised components, the 0-based class of each row.
/// </summary>
/// <param name="Features">Row-major features, exactly <c>Count * Dimension</c> values.</param>
/// <param name="Count">Number of rows read (rows with a missing label are not counted).</param>
/// <param name="Dimension">Values per row.</param>
/// <param name="Classes">The 0-based class of each row (key value minus 1), or null when no label column was read.</param>
/// <param name="ClassCount">Number of classes of the label's key type (0 without a label).</param>
/// <param name="SkippedRows">Rows skipped because their label was missing (key value 0).</param>
internal sealed record TrainingRows(float[] Features, int Count, int Dimension, int[]? Classes, int ClassCount, long SkippedRows)
{
    /// <summary>The features as a matrix view.</summary>
    public Kernels.ReadOnlyMatrixView View => new(Features, Count, Dimension);
}
