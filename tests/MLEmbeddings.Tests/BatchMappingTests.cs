using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

public class BatchMappingTests
{
    private const int Size = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    public void PassThroughColumnsStayAlignedWithOutputsAcrossBatchBoundaries(int batchSize)
    {
        float[][] rows = TestData.RandomRows(1000, Size, seed: 11);
        IDataView data = TestData.FromRows(new MLContext(1), rows);
        var calls = new List<(long First, int Count)>();
        var view = new BatchMappedDataView(data, Mapping(data.Schema, batchSize, calls, InputColumnAccess.Dense));

        int[] rowIndex = ColumnValues.Scalars<int>(view, "RowIndex");
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        ValueGetter<int> passThrough = cursor.GetGetter<int>(view.Schema["RowIndex"]);
        ValueGetter<int> echo = cursor.GetGetter<int>(view.Schema["EchoIndex"]);
        ValueGetter<long> position = cursor.GetGetter<long>(view.Schema["FirstRowPlusSlot"]);
        ValueGetter<VBuffer<float>> copy = cursor.GetGetter<VBuffer<float>>(view.Schema["Copy"]);
        int count = 0;
        while (cursor.MoveNext())
        {
            int index = 0, echoed = 0;
            long at = 0;
            VBuffer<float> vector = default;
            passThrough(ref index);
            echo(ref echoed);
            position(ref at);
            copy(ref vector);
            Assert.Equal(count, index);
            Assert.Equal(index, echoed);
            Assert.Equal(cursor.Position, at);
            Assert.Equal(rows[index], vector.DenseValues().ToArray());
            count++;
        }

        Assert.Equal(rows.Length, count);
        Assert.Equal(Enumerable.Range(0, rows.Length), rowIndex);
        var expectedCalls = Enumerable.Range(0, (rows.Length + batchSize - 1) / batchSize)
            .Select(b => ((long)b * batchSize, Math.Min(batchSize, rows.Length - (b * batchSize))));
        Assert.Equal(expectedCalls, calls);
    }

    [Fact]
    public void BatchSizesOneSevenAnd256GiveIdenticalOutputs()
    {
        float[][] rows = TestData.RandomRows(517, Size, seed: 5);
        IDataView data = TestData.FromRows(new MLContext(1), rows);
        string[][] outputs = new[] { 1, 7, 256 }.Select(b =>
        {
            var view = new BatchMappedDataView(data, Mapping(data.Schema, b, [], InputColumnAccess.Dense));
            return ColumnValues.AsText(view, "Copy").Concat(ColumnValues.AsText(view, "EchoIndex")).ToArray();
        }).ToArray();
        Assert.Equal(outputs[0], outputs[1]);
        Assert.Equal(outputs[0], outputs[2]);
    }

    [Fact]
    public void RowsWhoseOutputsAreNotReadAreSkippedWithoutBeingMapped()
    {
        float[][] rows = TestData.RandomRows(100, Size, seed: 2);
        IDataView data = TestData.FromRows(new MLContext(1), rows);
        var calls = new List<(long First, int Count)>();
        var view = new BatchMappedDataView(data, Mapping(data.Schema, 8, calls, InputColumnAccess.Dense));
        using DataViewRowCursor cursor = view.GetRowCursor([view.Schema["EchoIndex"], view.Schema["RowIndex"]]);
        ValueGetter<int> echo = cursor.GetGetter<int>(view.Schema["EchoIndex"]);
        while (cursor.MoveNext())
        {
            if (cursor.Position % 30 == 3)
            {
                int value = 0;
                echo(ref value);
                Assert.Equal(cursor.Position, value);
            }
        }

        Assert.Equal([(3L, 8), (33L, 8), (63L, 8), (93L, 7)], calls);
    }

    [Fact]
    public void OutputsAloneCanBeRead()
    {
        float[][] rows = TestData.RandomRows(20, Size, seed: 3);
        IDataView data = TestData.FromRows(new MLContext(1), rows);
        var view = new BatchMappedDataView(data, Mapping(data.Schema, 6, [], InputColumnAccess.Dense));
        Assert.Equal(rows, ColumnValues.Vectors(view, "Copy"));
        Assert.Equal(Enumerable.Range(0, 20), ColumnValues.Scalars<int>(view, "EchoIndex"));
    }

    [Fact]
    public void ShuffledCursorsKeepPassThroughAndOutputsOnTheSameRow()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(300, Size, seed: 4);
        IDataView data = TestData.FromRows(mlContext, rows);
        var view = new BatchMappedDataView(data, Mapping(data.Schema, 16, [], InputColumnAccess.Dense));
        Assert.Equal(data.CanShuffle, view.CanShuffle);
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema, new Random(42));
        ValueGetter<int> index = cursor.GetGetter<int>(view.Schema["RowIndex"]);
        ValueGetter<int> echo = cursor.GetGetter<int>(view.Schema["EchoIndex"]);
        ValueGetter<VBuffer<float>> copy = cursor.GetGetter<VBuffer<float>>(view.Schema["Copy"]);
        var seen = new List<int>();
        while (cursor.MoveNext())
        {
            int i = 0, e = 0;
            VBuffer<float> vector = default;
            index(ref i);
            echo(ref e);
            copy(ref vector);
            Assert.Equal(i, e);
            Assert.Equal(rows[i], vector.DenseValues().ToArray());
            seen.Add(i);
        }

        Assert.Equal(Enumerable.Range(0, 300), seen.Order());
        if (data.CanShuffle)
        {
            Assert.NotEqual(Enumerable.Range(0, 300), seen);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SparseAndDenseSourcesGiveTheSameValuesForEitherAccess(bool sparseAccess)
    {
        InputColumnAccess access = sparseAccess ? InputColumnAccess.Sparse : InputColumnAccess.Dense;
        float[][] rows = TestData.RandomRows(50, Size, seed: 9);
        foreach (float[] row in rows)
        {
            row[1] = 0f;
            row[3] = 0f;
        }

        rows[7] = new float[Size];
        var mlContext = new MLContext(1);
        foreach (IDataView data in new[] { TestData.FromRows(mlContext, rows), TestData.FromRowsSparse(mlContext, rows) })
        {
            var view = new BatchMappedDataView(data, Mapping(data.Schema, 8, [], access));
            Assert.Equal(rows, ColumnValues.Vectors(view, "Copy"));
        }
    }

    [Fact]
    public void RowToRowMapperMapsSingleRowsAndReportsDependencies()
    {
        float[][] rows = TestData.RandomRows(10, Size, seed: 8);
        IDataView data = TestData.FromRows(new MLContext(1), rows);
        var calls = new List<(long First, int Count)>();
        BatchMapping mapping = Mapping(data.Schema, 64, calls, InputColumnAccess.Dense);
        var mapper = new BatchRowToRowMapper(mapping);
        Assert.Same(data.Schema, mapper.InputSchema);
        DataViewSchema.Column copy = mapper.OutputSchema["Copy"];
        Assert.Equal(["Features", "RowIndex"], mapper.GetDependencies([copy]).Select(c => c.Name));
        Assert.Equal(["RowIndex"], mapper.GetDependencies([mapper.OutputSchema["RowIndex"]]).Select(c => c.Name));

        using DataViewRowCursor cursor = data.GetRowCursor(mapper.GetDependencies([copy]));
        DataViewRow row = mapper.GetRow(cursor, [copy]);
        Assert.True(row.IsColumnActive(copy));
        Assert.False(row.IsColumnActive(mapper.OutputSchema["EchoIndex"]));
        ValueGetter<VBuffer<float>> getter = row.GetGetter<VBuffer<float>>(copy);
        int count = 0;
        while (cursor.MoveNext())
        {
            VBuffer<float> value = default;
            getter(ref value);
            getter(ref value);
            Assert.Equal(rows[count], value.DenseValues().ToArray());
            count++;
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => ((long)i, 1)), calls);
    }

    [Fact]
    public void CursorSetIsOneCursorAndInactiveOrMistypedGettersFailClearly()
    {
        IDataView data = TestData.FromRows(new MLContext(1), TestData.RandomRows(3, Size, seed: 1));
        var view = new BatchMappedDataView(data, Mapping(data.Schema, 2, [], InputColumnAccess.Dense));
        DataViewRowCursor[] set = view.GetRowCursorSet([view.Schema["Copy"]], 4);
        Assert.Single(set);
        using DataViewRowCursor cursor = set[0];
        Assert.False(cursor.IsColumnActive(view.Schema["EchoIndex"]));
        Assert.Contains("not active", Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<int>(view.Schema["EchoIndex"])).Message, StringComparison.Ordinal);
        Assert.Contains("a getter of Single was requested", Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema["Copy"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrMistypedInputIsRejectedWhenBinding()
    {
        IDataView data = TestData.FromRows(new MLContext(1), TestData.RandomRows(3, Size, seed: 1), featureColumn: "Other");
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Mapping(data.Schema, 2, [], InputColumnAccess.Dense));
        Assert.Contains("Column 'Features' was not found in the input. Available columns: 'Other', 'RowIndex'.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VariableSizeVectorOutputsAreRejected()
    {
        IDataView data = TestData.FromRows(new MLContext(1), TestData.RandomRows(2, Size, seed: 1));
        OutputColumn[] outputs = [new("Bad", new VectorDataViewType(NumberDataViewType.Single))];
        var exception = Assert.Throws<ArgumentException>(() => new BatchMapping(data.Schema, [new("Features", InputColumnAccess.Dense)], outputs, (_, _) => { }, 4));
        Assert.Contains("Output 'Bad' must be a known-size vector", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A mapping reading Features (with the given access) and RowIndex; outputs Copy (the features, densified),
    /// EchoIndex (RowIndex) and FirstRowPlusSlot (the batch's first row + the row's slot). Records each call.
    /// </summary>
    private static BatchMapping Mapping(DataViewSchema schema, int batchSize, List<(long First, int Count)> calls, InputColumnAccess access)
    {
        OutputColumn[] outputs =
        [
            new("Copy", new VectorDataViewType(NumberDataViewType.Single, Size)),
            new("EchoIndex", NumberDataViewType.Int32),
            new("FirstRowPlusSlot", NumberDataViewType.Int64),
        ];
        return new BatchMapping(schema, [new("Features", access), new("RowIndex", InputColumnAccess.Scalar)], outputs, Map, batchSize);

        void Map(BatchInput input, BatchOutput output)
        {
            calls.Add((input.FirstRow, input.RowCount));
            MatrixView copy = output.Vectors(0);
            if (access == InputColumnAccess.Dense)
            {
                ReadOnlyMatrixView features = input.Dense(0);
                for (int i = 0; i < input.RowCount; i++)
                {
                    features.Row(i).CopyTo(copy.Row(i));
                }
            }
            else
            {
                SparseRows sparse = input.Sparse(0);
                copy.Fill(0f);
                for (int i = 0; i < sparse.RowCount; i++)
                {
                    for (int p = sparse.RowPointers[i]; p < sparse.RowPointers[i + 1]; p++)
                    {
                        copy[i, sparse.ColumnIndices[p]] = sparse.Values[p];
                    }
                }
            }

            input.Scalars<int>(1).CopyTo(output.Values<int>(1));
            Span<long> positions = output.Values<long>(2);
            for (int i = 0; i < input.RowCount; i++)
            {
                positions[i] = input.FirstRow + i;
            }
        }
    }
}
