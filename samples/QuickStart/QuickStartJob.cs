using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLEmbeddings.Decomposition;
using MLEmbeddings.MetricLearning;
using QuickStart.Pictures;
using Spectre.Console;

namespace QuickStart;

/// <summary>
/// The main job: trains the pipeline with a progress bar per long step, evaluates it against k-NN on the earlier
/// stages' features, saves, reloads in a fresh context, predicts, draws the pictures and prints the tables.
/// </summary>
internal static class QuickStartJob
{
    private const int HeldOutShown = 8;

    /// <summary>Runs the job; returns 0, or 3 when the reloaded model does not predict exactly as the in-memory one.</summary>
    public static int Run(QuickStartOptions options)
    {
        var files = new OutputFiles(Path.GetFullPath(options.OutputDirectory));
        Directory.CreateDirectory(files.Directory);
        var mlContext = new MLContext(seed: 1);
        var timings = new StepTimings();
        List<Image> train = [], test = [];
        TransformerChain<KeyToValueMappingTransformer> model = null!;
        IDataView scoredTest = null!;
        ClassificationQuality quality = null!;
        List<StageAccuracy> stages = [];
        int agreeing = 0;
        List<(Image, Prediction)> heldOut = [];

        AnsiConsole.MarkupLine($"[bold]MLEmbeddings quick start[/]: Fashion-MNIST from [grey]{Markup.Escape(options.DataDirectory)}[/]");
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask load = context.AddTask("Load images", autoStart: false);
                ProgressTask fit = context.AddTask("Fit the pipeline", autoStart: false);
                ProgressTask factorize = context.AddTask($"  NMF, {options.NumberOfComponents} parts", autoStart: false);
                ProgressTask learn = context.AddTask($"  NCA, rank {options.ProjectionRank}", autoStart: false);
                ProgressTask evaluate = context.AddTask("Evaluate on the test images", autoStart: false);
                ProgressTask compare = context.AddTask("k-NN on pixels and on parts", autoStart: false);
                ProgressTask reload = context.AddTask("Save, reload, predict", autoStart: false);
                ProgressTask draw = context.AddTask("Draw the pictures", autoStart: false);

                timings.Time("load images", load, () =>
                {
                    train = FashionMnist.Read(options.DataDirectory, "train", options.TrainSize);
                    test = FashionMnist.Read(options.DataDirectory, "t10k", options.TestSize);
                });
                IDataView trainData = mlContext.Data.LoadFromEnumerable(train);
                IDataView testData = mlContext.Data.LoadFromEnumerable(test);

                var progress = new PipelineProgress(
                    new ProgressBarReporter<NonNegativeMatrixFactorizationProgress>(factorize, report => (report.Iteration, report.MaximumNumberOfIterations)),
                    new ProgressBarReporter<MetricLearningProgress>(learn, report => (report.Iteration, report.MaximumIterations)));
                model = timings.Time("fit the pipeline", fit, () => QuickStartPipeline.Build(mlContext, options, progress).Fit(trainData), factorize, learn);

                scoredTest = model.Transform(testData);
                quality = timings.Time("evaluate", evaluate, () => QuickStartPipeline.Evaluate(mlContext, scoredTest));

                stages = timings.Time("k-NN on pixels and on parts", compare, () => CompareStages(mlContext, model, trainData, scoredTest, options, quality));

                timings.Time("save, reload, predict", reload, () =>
                {
                    mlContext.Model.Save(model, trainData.Schema, files.Model);
                    (agreeing, heldOut) = ReloadAndPredict(files, test, scoredTest);
                });

                timings.Time("draw the pictures", draw, () => DrawPictures(files, model, scoredTest, test, quality, heldOut));
            });

        AnsiConsole.Write(ConsoleTables.Summary(SummaryRows(options, train, test, model, quality, agreeing, timings)));
        AnsiConsole.Write(ConsoleTables.Stages(stages));
        AnsiConsole.Write(ConsoleTables.Confusion(quality.Metrics.ConfusionMatrix, quality.Report));
        AnsiConsole.Write(ConsoleTables.Predictions(heldOut));
        AnsiConsole.MarkupLine($"Files written to [bold]{Markup.Escape(files.Directory)}[/]:");
        foreach ((string what, string path) in files.All)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(Path.GetFileName(path)),-44}{Markup.Escape(what)}");
        }

        if (agreeing != test.Count)
        {
            AnsiConsole.MarkupLine($"[red]The reloaded model predicted differently from the in-memory one on {test.Count - agreeing} test images.[/]");
            return 3;
        }

        return 0;
    }

    /// <summary>The k-NN classifier on raw pixels, on the NMF parts, and the whole pipeline (already evaluated).</summary>
    private static List<StageAccuracy> CompareStages(
        MLContext mlContext, ITransformer model, IDataView trainData, IDataView scoredTest, QuickStartOptions options, ClassificationQuality pipeline)
    {
        // The fitted model's output holds every intermediate column; a k-NN fitted on one of them shows what the steps before it buy.
        IDataView scoredTrain = mlContext.Data.Cache(model.Transform(trainData), QuickStartPipeline.LabelKey, nameof(Image.Pixels), QuickStartPipeline.Parts);
        StageAccuracy Stage(string features, string column, int dimension)
        {
            ITransformer nearestNeighbors = QuickStartPipeline.NearestNeighbors(mlContext, column, options.NumberOfNeighbors).Fit(scoredTrain);
            return new StageAccuracy(features, dimension, QuickStartPipeline.Evaluate(mlContext, nearestNeighbors.Transform(StagesOnly(mlContext, scoredTest, column))));
        }

        return
        [
            Stage("raw pixels", nameof(Image.Pixels), Image.PixelCount),
            Stage("NMF parts", QuickStartPipeline.Parts, options.NumberOfComponents),
            new StageAccuracy("NMF parts -> NCA (the pipeline)", options.ProjectionRank, pipeline),
        ];
    }

    /// <summary>The test rows with only the label and one feature column, so a second k-NN's output columns do not clash with the pipeline's.</summary>
    private static IDataView StagesOnly(MLContext mlContext, IDataView scored, string column)
        => mlContext.Transforms.SelectColumns(QuickStartPipeline.LabelKey, column).Fit(scored).Transform(scored);

    /// <summary>
    /// Loads the saved model in a fresh context, as a consuming app would (one registration line, then Load), scores the
    /// test set with both models and writes predictions.csv; returns how many rows agree exactly, and the first few
    /// held-out images scored through a PredictionEngine of the reloaded model.
    /// </summary>
    private static (int Agreeing, List<(Image, Prediction)> HeldOut) ReloadAndPredict(OutputFiles files, List<Image> test, IDataView scoredTest)
    {
        var consumer = new MLContext(seed: 1).RegisterMLEmbeddings();
        ITransformer loaded = consumer.Model.Load(files.Model, out _);
        ScoredRow[] inMemory = ScoredRow.ReadAll(scoredTest);
        ScoredRow[] reloaded = ScoredRow.ReadAll(loaded.Transform(consumer.Data.LoadFromEnumerable(test)));
        PredictionFile.Write(files.Predictions, test, inMemory, reloaded);
        int agreeing = inMemory.Zip(reloaded).Count(pair => pair.First.SameAs(pair.Second));

        using PredictionEngine<Image, Prediction> engine = consumer.Model.CreatePredictionEngine<Image, Prediction>(loaded);
        List<(Image, Prediction)> heldOut = test.Take(HeldOutShown).Select(image => (image, engine.Predict(image))).ToList();
        return (agreeing, heldOut);
    }

    private static void DrawPictures(
        OutputFiles files, TransformerChain<KeyToValueMappingTransformer> model, IDataView scoredTest, List<Image> test, ClassificationQuality quality, List<(Image, Prediction)> heldOut)
    {
        ComponentGridPicture.Save(files.Components, model.OfType<NonNegativeMatrixFactorizationTransformer>().Single().Components, Image.Side);
        int[] classes = test.Select(image => Array.IndexOf(FashionMnist.ClassNames, image.Label)).ToArray();
        EmbeddingPlanePicture.Save(
            files.EmbeddingPlanes,
            [
                ("Before: standardized NMF parts", ColumnReader.Vectors(scoredTest, QuickStartPipeline.StandardizedParts)),
                ("After: NCA embedding", ColumnReader.Vectors(scoredTest, QuickStartPipeline.Embedding)),
            ],
            classes,
            FashionMnist.ClassNames);
        ConfusionMatrixPicture.Save(files.ConfusionMatrix, quality.Metrics.ConfusionMatrix, FashionMnist.ClassNames, "Fashion-MNIST test images: NMF -> NCA -> k-NN");
        HeldOutPredictionsPicture.Save(files.HeldOutPredictions, heldOut);
    }

    private static IEnumerable<(string, string)> SummaryRows(
        QuickStartOptions options, List<Image> train, List<Image> test, TransformerChain<KeyToValueMappingTransformer> model, ClassificationQuality quality, int agreeing, StepTimings timings)
    {
        NonNegativeMatrixFactorizationTransformer factorization = model.OfType<NonNegativeMatrixFactorizationTransformer>().Single();
        MahalanobisProjectionTransformer projection = model.OfType<MahalanobisProjectionTransformer>().Single();
        yield return ("training images", train.Count.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("test images", test.Count.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("pipeline", $"pixels/255 -> NMF ({factorization.Rank} parts) -> standardize -> NCA (rank {projection.Rank}) -> k-NN (k = {options.NumberOfNeighbors})");
        yield return ("NMF", $"{factorization.IterationsRun} iterations, relative error {factorization.ReconstructionError:F4}, converged: {Answer(factorization.Converged)}");
        yield return ("NCA", $"{projection.IterationsRun} iterations, converged: {Answer(projection.Converged)}");
        yield return ("accuracy", $"{quality.Metrics.MicroAccuracy:P2}");
        yield return ("macro-F1", $"{quality.Report.MacroF1Score:F4}");
        yield return ("log-loss", $"{quality.Metrics.LogLoss:F4}");
        yield return ("reloaded model agrees", $"{agreeing} of {test.Count} test images");
        foreach ((string step, TimeSpan time) in timings.Steps)
        {
            yield return ($"time: {step}", $"{time.TotalSeconds:F1} s");
        }

        yield return ("time: total", $"{timings.Total.TotalSeconds:F1} s");
    }

    private static string Answer(bool value) => value ? "yes" : "no (iteration budget reached)";
}
