// Model Builder-style consuming app. It knows only ModelInput / ModelOutput, loads model.zip with
// mlContext.Model.Load and scores rows from a CSV (64 pixel counts per line, optionally prefixed by label,fold as
// in samples/data/digits.csv) through a pool of prediction engines on --threads threads, printing
// "row<TAB>predicted<TAB>top probability" in input order.
// usage: ModelBuilder.Consume --model model.zip --input rows.csv [--threads 8] [--rows N]
using System.Globalization;
using Microsoft.ML;
using ModelBuilder.Consume;

string? modelPath = Argument("--model");
string? inputPath = Argument("--input");
if (modelPath is null || inputPath is null)
{
    Console.Error.WriteLine("ModelBuilder.Consume: usage: --model model.zip --input rows.csv [--threads N] [--rows N]");
    return 2;
}

if (!int.TryParse(Argument("--threads") ?? "8", NumberStyles.None, CultureInfo.InvariantCulture, out int threads) || threads < 1
    || !int.TryParse(Argument("--rows") ?? "1000000", NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
{
    Console.Error.WriteLine("ModelBuilder.Consume: --threads and --rows expect whole numbers of at least 1.");
    return 2;
}

foreach (string path in new[] { modelPath, inputPath })
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"ModelBuilder.Consume: file not found: {path}");
        return 1;
    }
}

ModelInput[] inputs = File.ReadLines(inputPath)
    .Where(line => line.Length > 0 && char.IsAsciiDigit(line[^1]) && !line.StartsWith("label", StringComparison.Ordinal))
    .Take(limit)
    .Select(line => line.Split(','))
    .Select(fields => new ModelInput { Pixels = fields.Skip(fields.Length - 64).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray() })
    .ToArray();

var mlContext = new MLContext().RegisterMLEmbeddings();
ITransformer model = mlContext.Model.Load(modelPath, out _);
var pool = new PredictionEnginePool(mlContext, model, maximumRetained: threads);
var outputs = new ModelOutput[inputs.Length];
Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => outputs[i] = pool.Predict(inputs[i]));
for (int i = 0; i < outputs.Length; i++)
{
    Console.WriteLine($"{i}\t{outputs[i].PredictedLabel}\t{outputs[i].Score.Max().ToString("R", CultureInfo.InvariantCulture)}");
}

return 0;

string? Argument(string name)
{
    int position = Array.IndexOf(args, name);
    return position >= 0 && position + 1 < args.Length ? args[position + 1] : null;
}
