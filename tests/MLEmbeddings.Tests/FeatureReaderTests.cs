using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

/// <summary>The training-data readers: whole columns dense or sparse, and streamed batches.</summary>
public class FeatureReaderTests
{
    private static float[][] SparseRows(int count, int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, size).Select(_ => random.NextDouble() < 0.7 ? 0f : (float)random.NextDouble()).ToArray()).ToArray();
    }

    [Fact]
    public void Dense_reading_gives_the_same_block_whether_or_not_the_row_count_is_known()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = SparseRows(9000, 5, 1);
        IDataView known = TestData.FromRows(mlContext, rows);
        IDataView unknown = mlContext.Data.LoadFromEnumerable(Enumerate(rows), SchemaOf(known));
        Assert.Equal(9000, known.GetRowCount());
        Assert.Null(unknown.GetRowCount());
        var host = ComponentHost.FromCatalog(mlContext.Transforms, "Test");
        TrainingRows fromKnown = TrainingDataReader.Read(known, "Features", null, host);
        TrainingRows fromUnknown = TrainingDataReader.Read(unknown, "Features", null, host);
        float[] expected = rows.SelectMany(r => r).ToArray();
        Assert.Equal(expected, fromKnown.Features);
        Assert.Equal(expected, fromUnknown.Features);

        // Rows with a missing label are skipped: the known count over-estimates the rows kept.
        string[] labels = rows.Select((_, i) => i % 1000 == 3 ? string.Empty : (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        IDataView labelled = TestData.FromRows(mlContext, rows, labels);
        Assert.Equal(9000, labelled.GetRowCount());
        TrainingRows kept = TrainingDataReader.Read(labelled, "Features", "Label", host);
        Assert.Equal(9000 - 9, kept.Count);
        Assert.Equal(rows.Where((_, i) => i % 1000 != 3).SelectMany(r => r).ToArray(), kept.Features);
    }

    [Fact]
    public void Sparse_reading_keeps_the_stored_entries_and_names_a_non_finite_slot()
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = SparseRows(300, 40, 2);
        var host = ComponentHost.FromCatalog(mlContext.Transforms, "Test");
        IDataView sparse = TestData.FromRowsSparse(mlContext, rows);
        IDataView dense = TestData.FromRows(mlContext, rows);
        Assert.True(SparseTrainingDataReader.FirstRowIsSparse(sparse, "Features"));
        Assert.False(SparseTrainingDataReader.FirstRowIsSparse(dense, "Features"));
        foreach (IDataView view in new[] { sparse, dense })
        {
            CsrMatrix matrix = SparseTrainingDataReader.Read(view, "Features", host);
            Assert.Equal((300, 40), (matrix.Rows, matrix.Columns));
            Assert.Equal(rows.Sum(r => r.Count(v => v != 0f)), matrix.NonZeroCount);
            MatrixView back = MatrixView.Allocate(300, 40);
            matrix.CopyTo(back);
            Assert.Equal(rows.SelectMany(r => r).ToArray(), back.ToArray());
        }

        rows[17][33] = float.NaN;
        var exception = Assert.Throws<ArgumentException>(() => SparseTrainingDataReader.Read(TestData.FromRowsSparse(mlContext, rows), "Features", host));
        Assert.Contains("Column 'Features', row 17: slot 33 is NaN", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SparseTrainingDataReader.Read(TestData.FromRows(mlContext, Array.Empty<float[]>()), "Features", host));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Batches_stream_every_row_once_per_pass(bool sparse)
    {
        var mlContext = new MLContext(seed: 1);
        float[][] rows = SparseRows(20, 6, 3);
        using var reader = new FeatureBatchReader(sparse ? TestData.FromRowsSparse(mlContext, rows) : TestData.FromRows(mlContext, rows), "Features", 7, sparse);
        Assert.Throws<InvalidOperationException>(() => reader.ReadBatch());
        for (int pass = 0; pass < 2; pass++)
        {
            reader.Restart();
            var seen = new List<float[]>();
            var firstRows = new List<long>();
            int count;
            while ((count = reader.ReadBatch()) > 0)
            {
                firstRows.Add(reader.FirstRow);
                var block = MatrixView.Allocate(count, 6);
                if (sparse)
                {
                    SparseRows batch = reader.Sparse(count);
                    new CsrMatrix(count, 6, batch.RowPointers, batch.ColumnIndices, batch.Values).CopyTo(block);
                }
                else
                {
                    ReadOnlyMatrixView batch = reader.Dense(count);
                    for (int i = 0; i < count; i++)
                    {
                        batch.Row(i).CopyTo(block.Row(i));
                    }
                }

                seen.AddRange(Enumerable.Range(0, count).Select(i => block.Row(i).ToArray()));
            }

            Assert.Equal([0L, 7L, 14L], firstRows);
            Assert.Equal(rows.SelectMany(r => r), seen.SelectMany(r => r));
        }

        rows[15][2] = float.PositiveInfinity;
        using var bad = new FeatureBatchReader(sparse ? TestData.FromRowsSparse(mlContext, rows) : TestData.FromRows(mlContext, rows), "Features", 7, sparse);
        bad.Restart();
        bad.ReadBatch();
        bad.ReadBatch();
        var exception = Assert.Throws<ArgumentException>(() => bad.ReadBatch());
        Assert.Contains("row 15: slot 2", exception.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<VectorRow> Enumerate(float[][] rows)
    {
        foreach (float[] row in rows)
        {
            yield return new VectorRow { Features = row };
        }
    }

    private static SchemaDefinition SchemaOf(IDataView view)
    {
        var definition = SchemaDefinition.Create(typeof(VectorRow));
        definition[nameof(VectorRow.Features)].ColumnType = view.Schema["Features"].Type;
        return definition;
    }

    private sealed class VectorRow
    {
        public float[] Features { get; set; } = [];
    }
}
