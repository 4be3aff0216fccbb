namespace MLEmbeddings.Kernels;

/// <summary>
/// Labelled rows reordered so that each class is a contiguous run (stable within a class), optionally centred on the
/// mean row. The metric learners use it so that "same class as row i" is the index range
/// <c>[ClassStarts[c], ClassStarts[c + 1])</c> with <c>c = ClassOfRow[i]</c>, which turns masked sums into range sums.
/// </summary>
internal sealed class ClassSortedRows
{
    private ClassSortedRows(float[] values, int count, int dimension, int[] order, int[] classStarts, int[] classOfRow, int[] labels, double[] mean)
    {
        Values = values;
        Count = count;
        Dimension = dimension;
        Order = order;
        ClassStarts = classStarts;
        ClassOfRow = classOfRow;
        Labels = labels;
        Mean = mean;
    }

    /// <summary>The reordered rows, <c>Count x Dimension</c>, centred when requested.</summary>
    public float[] Values { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Values per row.</summary>
    public int Dimension { get; }

    /// <summary>For each reordered row, its row number in the input.</summary>
    public int[] Order { get; }

    /// <summary>Start of each present class's run, plus the end: <c>ClassCount + 1</c> values, increasing.</summary>
    public int[] ClassStarts { get; }

    /// <summary>For each reordered row, the index of its class among the present classes (0 .. ClassCount - 1).</summary>
    public int[] ClassOfRow { get; }

    /// <summary>For each present class index, the caller's label value.</summary>
    public int[] Labels { get; }

    /// <summary>The mean row that was subtracted (zeros when not centred), in double precision.</summary>
    public double[] Mean { get; }

    /// <summary>Number of classes with at least one row.</summary>
    public int ClassCount => Labels.Length;

    /// <summary>The reordered rows as a view.</summary>
    public ReadOnlyMatrixView View => new(Values, Count, Dimension);

    /// <summary>Rows of class index <paramref name="classIndex"/> as a view.</summary>
    public ReadOnlyMatrixView ClassView(int classIndex) => View.SliceRows(ClassStarts[classIndex], ClassStarts[classIndex + 1] - ClassStarts[classIndex]);

    /// <summary>Number of rows of class index <paramref name="classIndex"/>.</summary>
    public int ClassSize(int classIndex) => ClassStarts[classIndex + 1] - ClassStarts[classIndex];

    /// <summary>Reorders <paramref name="rows"/> by <paramref name="labels"/> (any non-negative integers) and optionally centres them.</summary>
    /// <exception cref="ArgumentException">The label count differs from the row count, or a label is negative.</exception>
    public static ClassSortedRows Create(ReadOnlyMatrixView rows, ReadOnlySpan<int> labels, bool center)
    {
        SpanLengthCheck.Require(nameof(labels), labels.Length, rows.Rows, "rows.Rows");
        int count = rows.Rows;
        int dimension = rows.Columns;
        int largest = -1;
        foreach (int label in labels)
        {
            if (label < 0)
            {
                throw new ArgumentException($"Labels must be 0 or more; got {label}.", nameof(labels));
            }

            largest = Math.Max(largest, label);
        }

        var sizes = new int[largest + 1];
        foreach (int label in labels)
        {
            sizes[label]++;
        }

        var present = new List<int>();
        var classIndex = new int[largest + 1];
        for (int label = 0; label <= largest; label++)
        {
            classIndex[label] = -1;
            if (sizes[label] > 0)
            {
                classIndex[label] = present.Count;
                present.Add(label);
            }
        }

        var starts = new int[present.Count + 1];
        for (int c = 0; c < present.Count; c++)
        {
            starts[c + 1] = starts[c] + sizes[present[c]];
        }

        var next = (int[])starts.Clone();
        var order = new int[count];
        var classOfRow = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = classIndex[labels[i]];
            classOfRow[next[c]] = c;
            order[next[c]++] = i;
        }

        var mean = new double[dimension];
        if (center)
        {
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = rows.Row(i);
                for (int j = 0; j < dimension; j++)
                {
                    mean[j] += row[j];
                }
            }

            for (int j = 0; j < dimension; j++)
            {
                mean[j] /= Math.Max(count, 1);
            }
        }

        var values = new float[checked(count * dimension)];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = rows.Row(order[i]);
            Span<float> target = values.AsSpan(i * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                target[j] = (float)(row[j] - mean[j]);
            }
        }

        return new ClassSortedRows(values, count, dimension, order, starts, classOfRow, [.. present], mean);
    }
}
