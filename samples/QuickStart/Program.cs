using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using QuickStart;
using Spectre.Console;

QuickStartOptions options;
try
{
    options = QuickStartOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"QuickStart: {error.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(QuickStartOptions.Usage);
    return 0;
}

try
{
    return Run(options);
}
catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"QuickStart: {error.Message}");
    return 1;
}

static int Run(QuickStartOptions options)
{
    var mlContext = new MLContext(seed: 1);
    var timings = new List<(string Step, TimeSpan Time)>();
    Directory.CreateDirectory(options.OutputDirectory);
    string modelPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "model.zip"));
    List<Image> train = [], test = [];
    ITransformer? model = null;
    MulticlassClassificationMetrics? metrics = null;

    AnsiConsole.MarkupLine($"[bold]MLEmbeddings quick start[/]: Fashion-MNIST from [grey]{Markup.Escape(options.DataDirectory)}[/]");
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .Start(context =>
        {
            ProgressTask load = context.AddTask("Load images");
            ProgressTask fit = context.AddTask("Fit k-NN pipeline");
            ProgressTask evaluate = context.AddTask("Score and evaluate");
            ProgressTask save = context.AddTask("Save, reload, predict");

            Time("Load images", load, () =>
            {
                train = FashionMnist.Read(options.DataDirectory, "train", options.TrainSize);
                load.Value = 50;
                test = FashionMnist.Read(options.DataDirectory, "t10k", options.TestSize);
            });

            IDataView trainData = mlContext.Data.LoadFromEnumerable(train);
            IDataView testData = mlContext.Data.LoadFromEnumerable(test);
            Time("Fit k-NN pipeline", fit, () => model = QuickStartPipeline.Build(mlContext, options.NumberOfNeighbors).Fit(trainData));
            Time("Score and evaluate", evaluate, () => metrics = QuickStartPipeline.Evaluate(mlContext, model!.Transform(testData)));
            Time("Save, reload, predict", save, () => mlContext.Model.Save(model, trainData.Schema, modelPath));
        });

    // A fresh context, as a consuming app would have: one registration line, then Load + PredictionEngine.
    var consumer = new MLContext(seed: 1).RegisterMLEmbeddings();
    ITransformer loaded = consumer.Model.Load(modelPath, out _);
    var engine = consumer.Model.CreatePredictionEngine<Image, Prediction>(loaded);

    var summary = new Table().Title("[bold]Summary[/]").AddColumn("What").AddColumn(new TableColumn("Value").RightAligned());
    summary.AddRow("training images", train.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    summary.AddRow("test images", test.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    summary.AddRow("classifier", $"k-nearest neighbours, k = {options.NumberOfNeighbors}, Euclidean");
    summary.AddRow("accuracy", $"{metrics!.MicroAccuracy:P2}");
    summary.AddRow("macro-F1", $"{QuickStartPipeline.MacroF1(metrics.ConfusionMatrix):F4}");
    summary.AddRow("log-loss", $"{metrics.LogLoss:F4}");
    foreach ((string step, TimeSpan time) in timings)
    {
        summary.AddRow($"time: {step}", $"{time.TotalSeconds:F2} s");
    }

    summary.AddRow("model", Markup.Escape(modelPath));
    AnsiConsole.Write(summary);
    AnsiConsole.Write(ConfusionTable(metrics.ConfusionMatrix));

    var predictions = new Table().Title("[bold]Held-out images, scored by the reloaded model[/]").AddColumn("#").AddColumn("true class").AddColumn("predicted").AddColumn(new TableColumn("probability").RightAligned());
    for (int i = 0; i < Math.Min(8, test.Count); i++)
    {
        Prediction prediction = engine.Predict(test[i]);
        string mark = prediction.PredictedClass == test[i].Label ? "[green]" : "[red]";
        predictions.AddRow(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(test[i].Label), $"{mark}{Markup.Escape(prediction.PredictedClass)}[/]", $"{prediction.Score.Max():P0}");
    }

    AnsiConsole.Write(predictions);
    return 0;

    void Time(string step, ProgressTask task, Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        task.IsIndeterminate = true;
        action();
        task.IsIndeterminate = false;
        task.Value = task.MaxValue;
        timings.Add((step, stopwatch.Elapsed));
    }
}

static Table ConfusionTable(ConfusionMatrix confusion)
{
    var table = new Table().Title("[bold]Confusion matrix[/] (rows: true class, columns: predicted)").AddColumn("true \\ predicted");
    for (int c = 0; c < confusion.NumberOfClasses; c++)
    {
        table.AddColumn(new TableColumn(c.ToString(System.Globalization.CultureInfo.InvariantCulture)).RightAligned());
    }

    for (int r = 0; r < confusion.NumberOfClasses; r++)
    {
        var cells = new List<string> { $"{r} {Markup.Escape(FashionMnist.ClassNames[r])}" };
        for (int c = 0; c < confusion.NumberOfClasses; c++)
        {
            double count = confusion.Counts[r][c];
            cells.Add(r == c ? $"[green]{count}[/]" : count == 0 ? "[grey]0[/]" : count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddRow(cells.ToArray());
    }

    return table;
}
