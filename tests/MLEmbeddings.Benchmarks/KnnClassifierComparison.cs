using System.Diagnostics;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;
using Microsoft.ML;
using Microsoft.ML.Data;
using static MLEmbeddings.Benchmarks.ComparisonSupport;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// <c>compare knn-classifier</c>: the k-NN trainer through an ML.NET pipeline end to end (IDataView in, Score and
/// PredictedLabel read out) against the bare fused search kernel on the same data (the pipeline overhead) and
/// against scikit-learn <c>KNeighborsClassifier(algorithm='brute')</c>, on seeded Gaussian blobs (10 classes),
/// interleaved repetitions, medians. Options: <c>--train N --test N --dimension N --k N --threads N --repetitions N</c>.
/// </summary>
public sealed class KnnClassifierComparison : IPeerComparison
{
    public string Name => "knn-classifier";

    public string Description => "KNearestNeighbors pipeline vs bare kernel vs scikit-learn KNeighborsClassifier (100k x 128, 10k test, k = 10)";

    public int Run(string[] args)
    {
        int trainRows = Option(args, "--train", 100_000);
        int testRows = Option(args, "--test", 10_000);
        int dimension = Option(args, "--dimension", 128);
        int k = Option(args, "--k", 10);
        int threads = Option(args, "--threads", 2);
        int repetitions = Option(args, "--repetitions", 3);

        PeerProcess.EnsurePeers("python3-sklearn");
        string directory = Directory.CreateTempSubdirectory("knn-classifier-").FullName;
        try
        {
            (float[] train, uint[] trainLabels) = Blobs(seed: 7, trainRows, dimension);
            (float[] test, uint[] testLabels) = Blobs(seed: 8, testRows, dimension);
            string trainPath = Path.Combine(directory, "train.npy"), labelPath = Path.Combine(directory, "labels.npy");
            string testPath = Path.Combine(directory, "test.npy"), predictionPath = Path.Combine(directory, "predictions.npy");
            NumpyFile.WriteSingle(trainPath, train, trainRows, dimension);
            NumpyFile.WriteSingle(labelPath, trainLabels.Select(l => (float)(l - 1)).ToArray(), trainRows, 1);
            NumpyFile.WriteSingle(testPath, test, testRows, dimension);

            var mlContext = new MLContext(seed: 1);
            IDataView trainView = ToDataView(mlContext, train, trainLabels, dimension);
            IDataView testView = ToDataView(mlContext, test, testLabels, dimension);
            var trainer = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions { NumberOfNeighbors = k, MaxDegreeOfParallelism = threads, BatchSize = Option(args, "--batch", Defaults.NeighborBatchSize) });
            var kernel = new ExactNearestNeighbors(new ReadOnlyMatrixView(train, trainRows, dimension), DistanceMetric.SquaredEuclidean);
            var ids = new int[testRows * k];
            var scores = new float[testRows * k];

            Console.WriteLine($"knn-classifier: {trainRows} x {dimension} train, {testRows} test, k = {k}, {threads} threads, {repetitions} interleaved repetitions (medians); width {KernelDispatch.HardwareWidth}; load before: {LoadAverage()}");
            var fit = new List<double>();
            var predict = new List<double>();
            var bare = new List<double>();
            var peerFit = new List<double>();
            var peerPredict = new List<double>();
            string peerInfo = string.Empty;
            double accuracy = 0;
            for (int repetition = 0; repetition < repetitions; repetition++)
            {
                string output = PeerProcess.RunPython("sklearn_knn.py", trainPath, labelPath, testPath, $"{k}", $"{threads}", predictionPath);
                peerFit.Add(ParseValue(output, "fit_seconds"));
                peerPredict.Add(ParseValue(output, "predict_seconds"));
                peerInfo = PeerInformation(output, "fit_seconds", "predict_seconds");

                Stopwatch watch = Stopwatch.StartNew();
                KNearestNeighborsPredictionTransformer model = trainer.Fit(trainView);
                fit.Add(watch.Elapsed.TotalSeconds);

                watch.Restart();
                uint[] predicted = ReadPredictions(model.Transform(testView));
                predict.Add(watch.Elapsed.TotalSeconds);
                accuracy = predicted.Zip(testLabels).Count(p => p.First == p.Second) / (double)testRows;

                watch.Restart();
                kernel.Search(new ReadOnlyMatrixView(test, testRows, dimension), k, ids, scores, maxDegreeOfParallelism: threads);
                bare.Add(watch.Elapsed.TotalSeconds);
            }

            int[] peerPredictions = NumpyFile.ReadInt64AsInt32(predictionPath);
            double peerAccuracy = peerPredictions.Zip(testLabels).Count(p => p.First == p.Second - 1) / (double)testRows;
            Console.WriteLine($"  peer: {peerInfo}");
            Console.WriteLine();
            Console.WriteLine($"{"",-40} {"fit s",8} {"predict s",10} {"predict rows/s",15} {"accuracy",9}");
            Console.WriteLine($"{"MLEmbeddings pipeline (IDataView in/out)",-40} {Median(fit),8:F3} {Median(predict),10:F3} {testRows / Median(predict),15:F0} {accuracy,9:F4}");
            Console.WriteLine($"{"bare ExactNearestNeighbors.Search",-40} {"",8} {Median(bare),10:F3} {testRows / Median(bare),15:F0}");
            Console.WriteLine($"{"scikit-learn KNeighborsClassifier brute",-40} {Median(peerFit),8:F3} {Median(peerPredict),10:F3} {testRows / Median(peerPredict),15:F0} {peerAccuracy,9:F4}");
            Console.WriteLine();
            Console.WriteLine($"pipeline overhead over the bare kernel: {((Median(predict) / Median(bare)) - 1) * 100:F1} %; prediction throughput vs scikit-learn: {Median(peerPredict) / Median(predict):F2} x. Load after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Ten Gaussian blobs: class c centred at a seeded uniform point, unit-scale noise of 0.35; labels are 1-based keys.</summary>
    private static (float[] Values, uint[] Labels) Blobs(int seed, int rows, int dimension)
    {
        float[] centres = UniformValues(1234, 10 * dimension);
        var random = new Random(seed);
        var values = new float[rows * dimension];
        var labels = new uint[rows];
        for (int i = 0; i < rows; i++)
        {
            int c = random.Next(10);
            labels[i] = (uint)c + 1;
            for (int j = 0; j < dimension; j++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[(i * dimension) + j] = centres[(c * dimension) + j] + (float)(0.35 * gaussian);
            }
        }

        return (values, labels);
    }

    private static IDataView ToDataView(MLContext mlContext, float[] values, uint[] labels, int dimension)
    {
        // LoadFromEnumerable reads a key-typed uint member as a 0-based class index and stores key = index + 1.
        var rows = Enumerable.Range(0, labels.Length).Select(i => new Row { Features = values.AsSpan(i * dimension, dimension).ToArray(), Label = labels[i] - 1 });
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        definition[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        return mlContext.Data.Cache(mlContext.Data.LoadFromEnumerable(rows.ToList(), definition));
    }

    private static uint[] ReadPredictions(IDataView scored)
    {
        var result = new List<uint>();
        DataViewSchema.Column predicted = scored.Schema["PredictedLabel"];
        DataViewSchema.Column score = scored.Schema["Score"];
        using DataViewRowCursor cursor = scored.GetRowCursor([predicted, score]);
        ValueGetter<uint> getPredicted = cursor.GetGetter<uint>(predicted);
        ValueGetter<VBuffer<float>> getScore = cursor.GetGetter<VBuffer<float>>(score);
        uint value = 0;
        VBuffer<float> scores = default;
        while (cursor.MoveNext())
        {
            getPredicted(ref value);
            getScore(ref scores);
            result.Add(value);
        }

        return [.. result];
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
