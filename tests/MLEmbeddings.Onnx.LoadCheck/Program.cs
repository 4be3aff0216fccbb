// A consumer app that ships MLEmbeddings.Onnx but never touches it before loading a model (except for the one
// documented registration line, which lives in the core assembly).
// Usage: MLEmbeddings.Onnx.LoadCheck <model.zip> <input.txt> <register|plain> <outputColumn>
//   input.txt: one text per line (the model's "Text" input).
// Prints each output row: a vector column as space-separated round-trip floats, a key column as its value; on
// failure prints "ERROR <type>: <message>" for the exception and each inner exception, and exits with code 2.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

string modelPath = args[0];
string[] texts = File.ReadAllLines(args[1]);
bool register = args[2] == "register";
string outputColumn = args[3];

var mlContext = new MLContext(seed: 1);
if (register)
{
    mlContext.RegisterMLEmbeddings();
}

try
{
    ITransformer model = mlContext.Model.Load(modelPath, out DataViewSchema _);
    IDataView data = mlContext.Data.LoadFromEnumerable(texts.Select(t => new InputRow { Text = t }));
    IDataView scored = model.Transform(data);
    DataViewSchema.Column column = scored.Schema[outputColumn];
    using DataViewRowCursor cursor = scored.GetRowCursor([column]);
    Func<string> read = column.Type is VectorDataViewType ? VectorReader(cursor, column) : KeyReader(cursor, column);
    while (cursor.MoveNext())
    {
        Console.WriteLine(read());
    }

    return 0;
}
catch (Exception exception)
{
    for (Exception? current = exception; current is not null; current = current.InnerException)
    {
        Console.WriteLine($"ERROR {current.GetType().FullName}: {current.Message}");
    }

    return 2;
}

static Func<string> VectorReader(DataViewRowCursor cursor, DataViewSchema.Column column)
{
    ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
    VBuffer<float> value = default;
    return () =>
    {
        getter(ref value);
        return string.Join(' ', value.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    };
}

static Func<string> KeyReader(DataViewRowCursor cursor, DataViewSchema.Column column)
{
    ValueGetter<uint> getter = cursor.GetGetter<uint>(column);
    uint value = 0;
    return () =>
    {
        getter(ref value);
        return value.ToString(CultureInfo.InvariantCulture);
    };
}

/// <summary>One input row.</summary>
internal sealed class InputRow
{
    /// <summary>The text to embed.</summary>
    public string Text { get; set; } = string.Empty;
}
