// A consumer app that never touches MLEmbeddings before loading a model (except for the one documented line).
// Usage: MLEmbeddings.LoadCheck <model.zip> <input.txt> <register|plain> <outputColumn>
//   input.txt: one row per line, space-separated floats (the model's "Features" input).
// With the environment variable MLEMBEDDINGS_LOADCHECK_ASSEMBLIES set to a file path, it also writes the names of the
// assemblies loaded after scoring to that file, one per line (the TorchSharp tests check TorchSharp was never loaded).
// Prints each output row as space-separated round-trip floats; on failure prints "ERROR <type>: <message>"
// for the exception and each inner exception, and exits with code 2.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

string modelPath = args[0];
float[][] rows = File.ReadAllLines(args[1])
    .Where(line => line.Length > 0)
    .Select(line => line.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
    .ToArray();
bool register = args[2] == "register";
string outputColumn = args[3];

var mlContext = new MLContext(seed: 1);
if (register)
{
    mlContext.RegisterMLEmbeddings();
}

try
{
    ITransformer model = mlContext.Model.Load(modelPath, out DataViewSchema inputSchema);
    var definition = SchemaDefinition.Create(typeof(InputRow));
    definition[nameof(InputRow.Features)].ColumnType = inputSchema["Features"].Type;
    IDataView data = mlContext.Data.LoadFromEnumerable(rows.Select(r => new InputRow { Features = r }), definition);
    IDataView scored = model.Transform(data);
    DataViewSchema.Column column = scored.Schema[outputColumn];
    using DataViewRowCursor cursor = scored.GetRowCursor([column]);
    ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
    VBuffer<float> value = default;
    while (cursor.MoveNext())
    {
        getter(ref value);
        Console.WriteLine(string.Join(' ', value.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    }

    if (Environment.GetEnvironmentVariable("MLEMBEDDINGS_LOADCHECK_ASSEMBLIES") is string assemblyListPath)
    {
        File.WriteAllLines(assemblyListPath, AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetName().Name ?? string.Empty));
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

/// <summary>One input row.</summary>
internal sealed class InputRow
{
    /// <summary>The embedding to score.</summary>
    public float[] Features { get; set; } = [];
}
