using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

public class ModelPayloadTests
{
    [Fact]
    public void ScalarsAndStringsRoundTrip()
    {
        ModelPayloadReader reader = Roundtrip(w =>
        {
            w.Write(-7);
            w.Write(long.MinValue);
            w.Write(uint.MaxValue);
            w.Write(float.Epsilon);
            w.Write(Math.PI);
            w.Write(true);
            w.Write("Größe ✓");
            w.Write((string?)null);
            w.Write(string.Empty);
        });
        Assert.Equal(-7, reader.ReadInt32());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(uint.MaxValue, reader.ReadUInt32());
        Assert.Equal(float.Epsilon, reader.ReadSingle());
        Assert.Equal(Math.PI, reader.ReadDouble());
        Assert.True(reader.ReadBoolean());
        Assert.Equal("Größe ✓", reader.ReadString());
        Assert.Null(reader.ReadString());
        Assert.Equal(string.Empty, reader.ReadString());
        reader.RequireEnd();
    }

    [Fact]
    public void ArraysRoundTrip()
    {
        float[] floats = [1.5f, float.NaN, -0f, float.MaxValue];
        double[] doubles = [double.MinValue, 2.25];
        int[] ints = [];
        long[] longs = [long.MaxValue, -1];
        string[] strings = ["a", string.Empty, "class 3"];
        ModelPayloadReader reader = Roundtrip(w =>
        {
            w.Write(floats);
            w.Write(doubles);
            w.Write(ints);
            w.Write(longs);
            w.Write(strings);
        });
        Assert.Equal(floats, reader.ReadSingles());
        Assert.Equal(doubles, reader.ReadDoubles());
        Assert.Empty(reader.ReadInt32s());
        Assert.Equal(longs, reader.ReadInt64s());
        Assert.Equal(strings, reader.ReadStrings());
        reader.RequireEnd();
    }

    [Fact]
    public void MatricesRoundTrip()
    {
        var dense = new DenseMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
        var sparse = new CsrMatrix(3, 4, [0, 2, 2, 3], [0, 3, 1], [1f, -2f, 3f]);
        var empty = new DenseMatrix(0, 5, []);
        ModelPayloadReader reader = Roundtrip(w =>
        {
            w.Write(dense);
            w.Write(sparse);
            w.Write(empty);
        });
        DenseMatrix denseBack = reader.ReadDenseMatrix();
        CsrMatrix sparseBack = reader.ReadCsrMatrix();
        DenseMatrix emptyBack = reader.ReadDenseMatrix();
        Assert.Equal((2, 3), (denseBack.Rows, denseBack.Columns));
        Assert.Equal(dense.AsSpan().ToArray(), denseBack.AsSpan().ToArray());
        Assert.Equal((3, 4), (sparseBack.Rows, sparseBack.Columns));
        Assert.Equal([0, 2, 2, 3], sparseBack.RowPointers.ToArray());
        Assert.Equal([0, 3, 1], sparseBack.ColumnIndices.ToArray());
        Assert.Equal([1f, -2f, 3f], sparseBack.Values.ToArray());
        Assert.Equal((0, 5), (emptyBack.Rows, emptyBack.Columns));
        reader.RequireEnd();
    }

    [Fact]
    public void BlobsRoundTripInMemoryAndStreamed()
    {
        byte[] small = [1, 2, 3, 255];
        byte[] large = new byte[3_000_000];
        new Random(3).NextBytes(large);
        ModelPayloadReader reader = Roundtrip(w =>
        {
            w.WriteBlob(small);
            w.WriteBlob(new MemoryStream(large), large.Length);
            w.WriteBlob(ReadOnlySpan<byte>.Empty);
        });
        Assert.Equal(small, reader.ReadBlob());
        var copy = new MemoryStream();
        Assert.Equal(large.Length, reader.ReadBlob(copy));
        Assert.Equal(large, copy.ToArray());
        Assert.Empty(reader.ReadBlob());
        reader.RequireEnd();
    }

    [Fact]
    public void StreamedBlobFailsWhenTheSourceIsShort()
    {
        var writer = new ModelPayloadWriter(new BinaryWriter(new MemoryStream()));
        var exception = Assert.Throws<EndOfStreamException>(() => writer.WriteBlob(new MemoryStream(new byte[10]), 11));
        Assert.Contains("10 of 11", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataViewTypesRoundTrip()
    {
        DataViewType[] types =
        [
            NumberDataViewType.Single,
            TextDataViewType.Instance,
            BooleanDataViewType.Instance,
            NumberDataViewType.UInt64,
            new KeyDataViewType(typeof(uint), 10),
            new KeyDataViewType(typeof(ulong), 1UL << 40),
            new VectorDataViewType(NumberDataViewType.Single, 384),
            new VectorDataViewType(TextDataViewType.Instance, 2, 3),
            new VectorDataViewType(NumberDataViewType.Double),
        ];
        ModelPayloadReader reader = Roundtrip(w =>
        {
            foreach (DataViewType type in types)
            {
                w.Write(type);
            }
        });
        foreach (DataViewType type in types)
        {
            Assert.Equal(type, reader.ReadDataViewType());
        }

        reader.RequireEnd();
    }

    [Fact]
    public void AnnotationsRoundTripIncludingClassNames()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, [[1f], [2f], [3f]], ["cat", "dog", "cat"]);
        DataViewSchema.Column label = data.Schema["Label"];
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(label.Annotations, _ => true);
        builder.Add(AnnotationSets.SlotNames(["first", "second"]), _ => true);
        builder.Add("Weights", new VectorDataViewType(NumberDataViewType.Double, 2), (ref VBuffer<double> v) => v = new VBuffer<double>(2, [0.5, -1]));
        builder.Add("Flag", BooleanDataViewType.Instance, (ref bool v) => v = true);
        DataViewSchema.Annotations annotations = builder.ToAnnotations();

        ModelPayloadReader reader = Roundtrip(w => w.Write(annotations));
        DataViewSchema.Annotations back = reader.ReadAnnotations();
        reader.RequireEnd();

        var schemaBuilder = new DataViewSchema.Builder();
        schemaBuilder.AddColumn("Original", NumberDataViewType.Single, annotations);
        schemaBuilder.AddColumn("Loaded", NumberDataViewType.Single, back);
        DataViewSchema schema = schemaBuilder.ToSchema();
        Assert.Equal("cat|dog", ColumnValues.AnnotationText(schema["Loaded"], "KeyValues"));
        Assert.Equal("first|second", ColumnValues.AnnotationText(schema["Loaded"], "SlotNames"));
        Assert.Equal("0.5|-1", ColumnValues.AnnotationText(schema["Loaded"], "Weights"));
        Assert.Equal("True", ColumnValues.AnnotationText(schema["Loaded"], "Flag"));
        Assert.Equal(
            schema["Original"].Annotations.Schema.Select(c => $"{c.Name} {c.Type}"),
            schema["Loaded"].Annotations.Schema.Select(c => $"{c.Name} {c.Type}"));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1 << 30)]
    [InlineData(-5)]
    public void HugeOrNegativeArrayLengthIsRejectedBeforeAllocating(int length)
    {
        byte[] bytes = new byte[100];
        BitConverter.TryWriteBytes(bytes, length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.Throws<InvalidDataException>(() => Reader(bytes).ReadSingles());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("corrupt", exception.Message, StringComparison.Ordinal);
        Assert.Contains(length < 0 ? "negative length" : "96 bytes remain", exception.Message, StringComparison.Ordinal);
        Assert.True(allocated < 100_000, $"{allocated} bytes were allocated while rejecting the length.");
    }

    [Fact]
    public void EveryLengthPrefixedReadIsBounded()
    {
        byte[] bytes = new byte[100];
        BitConverter.TryWriteBytes(bytes, int.MaxValue);
        Action<ModelPayloadReader>[] reads =
        [
            r => r.ReadDoubles(), r => r.ReadInt32s(), r => r.ReadInt64s(), r => r.ReadStrings(), r => r.ReadString(),
            r => r.ReadCsrMatrix(), r => r.ReadAnnotations(), r => r.ReadDataViewType(),
        ];
        foreach (Action<ModelPayloadReader> read in reads)
        {
            Assert.Throws<InvalidDataException>(() => read(Reader(bytes)));
        }

        byte[] matrix = new byte[100];
        BitConverter.TryWriteBytes(matrix, 2);
        BitConverter.TryWriteBytes(matrix.AsSpan(4), 3);
        BitConverter.TryWriteBytes(matrix.AsSpan(8), int.MaxValue);
        Assert.Throws<InvalidDataException>(() => Reader(matrix).ReadDenseMatrix());

        byte[] blob = new byte[100];
        BitConverter.TryWriteBytes(blob, 1L << 40);
        var exception = Assert.Throws<InvalidDataException>(() => Reader(blob).ReadBlob());
        Assert.Contains("blob claims 1099511627776 bytes but 92 remain", exception.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Reader(blob).ReadBlob(new MemoryStream()));
    }

    [Fact]
    public void TruncatedPayloadIsRejectedWithAClearMessage()
    {
        var stream = new MemoryStream();
        new ModelPayloadWriter(new BinaryWriter(stream)).Write(new float[] { 1, 2, 3, 4 });
        byte[] cut = stream.ToArray()[..10];
        var exception = Assert.Throws<InvalidDataException>(() => Reader(cut).ReadSingles());
        Assert.Contains("claims 4 element(s) (16 bytes) but only 6 bytes remain", exception.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Reader([1, 2]).ReadInt32());
    }

    [Fact]
    public void InconsistentMatricesAndValuesAreCorrupt()
    {
        ModelPayloadReader shape = Roundtrip(w =>
        {
            w.Write(2);
            w.Write(3);
            w.Write(new float[5]);
        });
        Assert.Contains("a 2 x 3 matrix holds 5 values", Assert.Throws<InvalidDataException>(shape.ReadDenseMatrix).Message, StringComparison.Ordinal);

        ModelPayloadReader csr = Roundtrip(w =>
        {
            w.Write(1);
            w.Write(2);
            w.Write(new[] { 0, 1 });
            w.Write(new[] { 7 });
            w.Write(new[] { 1f });
        });
        Assert.Contains("sparse matrix is invalid", Assert.Throws<InvalidDataException>(csr.ReadCsrMatrix).Message, StringComparison.Ordinal);

        Assert.Contains("Boolean is stored as 7", Assert.Throws<InvalidDataException>(() => Reader([7]).ReadBoolean()).Message, StringComparison.Ordinal);
        Assert.Contains("code 99 is unknown", Assert.Throws<InvalidDataException>(() => Reader([99]).ReadDataViewType()).Message, StringComparison.Ordinal);
        ModelPayloadReader range = Roundtrip(w => w.Write(0));
        Assert.Contains("the dimension is 0, outside [1, 5]", Assert.Throws<InvalidDataException>(() => range.ReadInt32("the dimension", 1, 5)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeftoverBytesAreReported()
    {
        ModelPayloadReader reader = Roundtrip(w =>
        {
            w.Write(1);
            w.Write(2);
        });
        reader.ReadInt32();
        Assert.Contains("4 unread bytes", Assert.Throws<InvalidDataException>(reader.RequireEnd).Message, StringComparison.Ordinal);
    }

    private static ModelPayloadReader Roundtrip(Action<ModelPayloadWriter> write)
    {
        var stream = new MemoryStream();
        write(new ModelPayloadWriter(new BinaryWriter(stream)));
        return Reader(stream.ToArray());
    }

    private static ModelPayloadReader Reader(byte[] bytes) => new(new BinaryReader(new MemoryStream(bytes)), bytes.Length, "Test");
}
