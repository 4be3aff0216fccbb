// Model Builder-style training app: reads the shipped digits data, trains
//   MapValueToKey(Label) -> k-NN (k = 3, distance-weighted) -> MapKeyToValue(PredictedLabel)
// on the training fold, reports test accuracy and writes model.zip for ModelBuilder.Consume.
// usage: ModelBuilder.Train [--data samples/data/digits.csv] [--model model.zip]
using Microsoft.ML;
using MLEmbeddings.Neighbors;
using ModelBuilder.Train;

string data = Argument("--data") ?? FindDigits();
string modelPath = Argument("--model") ?? "model.zip";
if (!File.Exists(data))
{
    Console.Error.WriteLine($"ModelBuilder.Train: data file not found: {data}");
    return 1;
}

var mlContext = new MLContext(seed: 1);
IDataView all = mlContext.Data.LoadFromTextFile<DigitRow>(data, separatorChar: ',', hasHeader: true);
IDataView train = mlContext.Data.FilterByCustomPredicate<DigitRow>(all, row => row.Fold != "train");
IDataView test = mlContext.Data.FilterByCustomPredicate<DigitRow>(all, row => row.Fold != "test");

var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    .Append(mlContext.Transforms.CopyColumns("Features", nameof(DigitRow.Pixels)))
    .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
    {
        NumberOfNeighbors = 3,
        Weighting = NeighborWeighting.InverseDistance,
    }))
    .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
ITransformer model = pipeline.Fit(train);
var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test));
mlContext.Model.Save(model, train.Schema, modelPath);
Console.WriteLine($"test accuracy {metrics.MicroAccuracy:F4}; model written to {Path.GetFullPath(modelPath)}");
return 0;

string? Argument(string name)
{
    int position = Array.IndexOf(args, name);
    return position >= 0 && position + 1 < args.Length ? args[position + 1] : null;
}

static string FindDigits()
{
    for (DirectoryInfo? directory = new(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        string candidate = Path.Combine(directory.FullName, "samples", "data", "digits.csv");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    return Path.Combine("samples", "data", "digits.csv");
}
