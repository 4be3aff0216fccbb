using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.TestSupport;

/// <summary>Builds small data views for tests: known-size float vectors, optional labels (mapped to keys), sparse rows.</summary>
public static class TestData
{
    /// <summary>
    /// A data view with a known-size <c>Vector&lt;Single, n&gt;</c> column <paramref name="featureColumn"/> (from
    /// <paramref name="rows"/>), a <c>RowIndex</c> Int32 column (0, 1, 2, ...) and, when <paramref name="labels"/> is
    /// given, a key-typed <paramref name="labelColumn"/> built with <c>MapValueToKey</c> (key values = the label strings,
    /// keys in order of first occurrence, or sorted by value when <paramref name="keysSortedByValue"/> is set, which makes
    /// key order match scikit-learn's sorted <c>classes_</c>).
    /// </summary>
    public static IDataView FromRows(MLContext mlContext, float[][] rows, string[]? labels = null, string featureColumn = "Features", string labelColumn = "Label", bool keysSortedByValue = false)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(rows);
        int size = rows.Length == 0 ? 1 : rows[0].Length;
        var items = rows.Select((r, i) => new DenseRow { Features = r, RowIndex = i, Label = labels?[i] ?? string.Empty }).ToList();
        var definition = SchemaDefinition.Create(typeof(DenseRow));
        definition[nameof(DenseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        definition[nameof(DenseRow.Features)].ColumnName = featureColumn;
        definition[nameof(DenseRow.Label)].ColumnName = labels is null ? "LabelText" : labelColumn + "Text";
        IDataView data = mlContext.Data.LoadFromEnumerable(items, definition);
        if (labels is null)
        {
            return mlContext.Transforms.DropColumns("LabelText").Fit(data).Transform(data);
        }

        var keyed = mlContext.Transforms.Conversion.MapValueToKey(
            labelColumn,
            labelColumn + "Text",
            keyOrdinality: keysSortedByValue ? Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue : Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence).Fit(data).Transform(data);
        return mlContext.Transforms.DropColumns(labelColumn + "Text").Fit(keyed).Transform(keyed);
    }

    /// <summary>
    /// Like <see cref="FromRows"/> but the vectors are stored sparse (<see cref="VBuffer{T}"/> with indices of the
    /// non-zero values), to exercise sparse input paths.
    /// </summary>
    public static IDataView FromRowsSparse(MLContext mlContext, float[][] rows, string featureColumn = "Features")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(rows);
        int size = rows.Length == 0 ? 1 : rows[0].Length;
        var items = rows.Select((r, i) =>
        {
            int[] indices = Enumerable.Range(0, r.Length).Where(j => r[j] != 0f).ToArray();
            return new SparseRow { Features = new VBuffer<float>(r.Length, indices.Length, indices.Select(j => r[j]).ToArray(), indices), RowIndex = i };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(SparseRow));
        definition[nameof(SparseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        definition[nameof(SparseRow.Features)].ColumnName = featureColumn;
        return mlContext.Data.LoadFromEnumerable(items, definition);
    }

    /// <summary>Deterministic pseudo-random rows with values in [-1, 1) (a fixed LCG, independent of the runtime's Random).</summary>
    public static float[][] RandomRows(int count, int size, int seed)
    {
        ulong state = (ulong)seed * 6364136223846793005UL + 1442695040888963407UL;
        var rows = new float[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new float[size];
            for (int j = 0; j < size; j++)
            {
                state = (state * 6364136223846793005UL) + 1442695040888963407UL;
                rows[i][j] = (float)(((state >> 40) / (double)(1UL << 24) * 2.0) - 1.0);
            }
        }

        return rows;
    }

    private sealed class DenseRow
    {
        public float[] Features { get; set; } = [];

        public int RowIndex { get; set; }

        public string Label { get; set; } = string.Empty;
    }

    private sealed class SparseRow
    {
        public VBuffer<float> Features { get; set; }

        public int RowIndex { get; set; }
    }
}
