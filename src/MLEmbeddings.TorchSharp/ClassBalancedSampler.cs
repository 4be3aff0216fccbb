namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The P x K batch sampler (pytorch-metric-learning <c>MPerClassSampler</c>): each batch holds <c>P</c> distinct classes
/// drawn uniformly and <c>K</c> distinct rows of each, so every row has positives and negatives in its batch. An epoch has
/// <c>ceil(rows / (P K))</c> batches. Every class needs at least <c>K</c> rows (checked by the estimator).
/// </summary>
internal sealed class ClassBalancedSampler
{
    private readonly int[][] _rowsOfClass;
    private readonly int _classesPerBatch;
    private readonly int _samplesPerClass;
    private readonly Random _random;

    /// <param name="rowsOfClass">The training rows of each class present (each at least <paramref name="samplesPerClass"/> long).</param>
    /// <param name="classesPerBatch">P; clipped to the number of classes.</param>
    /// <param name="samplesPerClass">K.</param>
    /// <param name="random">The random source (seeded by the estimator).</param>
    public ClassBalancedSampler(int[][] rowsOfClass, int classesPerBatch, int samplesPerClass, Random random)
    {
        _rowsOfClass = rowsOfClass.Select(rows => rows.ToArray()).ToArray();
        _classesPerBatch = Math.Min(classesPerBatch, rowsOfClass.Length);
        _samplesPerClass = samplesPerClass;
        _random = random;
    }

    /// <summary>Rows per batch, <c>P K</c>.</summary>
    public int BatchSize => _classesPerBatch * _samplesPerClass;

    /// <summary>Batches per epoch, <c>ceil(training rows / (P K))</c>.</summary>
    public int BatchesPerEpoch => (_rowsOfClass.Sum(rows => rows.Length) + BatchSize - 1) / BatchSize;

    /// <summary>Fills <paramref name="rows"/> (<see cref="BatchSize"/> long) with the next batch's rows, class by class.</summary>
    public void Next(Span<int> rows)
    {
        int[] classOrder = Enumerable.Range(0, _rowsOfClass.Length).ToArray();
        PartialShuffle(classOrder, _classesPerBatch);
        for (int c = 0; c < _classesPerBatch; c++)
        {
            int[] members = _rowsOfClass[classOrder[c]];
            PartialShuffle(members, _samplesPerClass);
            members.AsSpan(0, _samplesPerClass).CopyTo(rows.Slice(c * _samplesPerClass, _samplesPerClass));
        }
    }

    /// <summary>Moves a uniformly random choice of <paramref name="count"/> distinct items to the front (Fisher-Yates, stopped early).</summary>
    private void PartialShuffle(int[] items, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int j = _random.Next(i, items.Length);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
