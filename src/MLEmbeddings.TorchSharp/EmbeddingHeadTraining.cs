using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.MetricLearning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLEmbeddings.DeepMetricLearning;

/// <summary>
/// The training loop of deep metric learning, apart from the pipeline glue: holds out part of each class, then per epoch
/// draws P x K batches, embeds them, mines, computes the loss and takes an optimizer step; after each epoch measures the
/// held-out Recall@1 with <see cref="ExactNearestNeighbors"/> (cosine), keeps the best epoch's weights and stops after
/// <c>EarlyStoppingPatience</c> epochs without improvement.
/// </summary>
internal sealed class EmbeddingHeadTraining
{
    private readonly DeepMetricLearningOptions _options;
    private readonly ComponentHost _host;
    private readonly int _seed;

    public EmbeddingHeadTraining(DeepMetricLearningOptions options, ComponentHost host, int seed)
    {
        _options = options;
        _host = host;
        _seed = seed;
    }

    /// <summary>Trains on <paramref name="rows"/> (labelled; every present class has at least K rows) and returns the inference layers and the summary.</summary>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (diverged).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public (EmbeddingHeadLayer[] Layers, EmbeddingHeadTrainingSummary Summary) Run(TrainingRows rows)
    {
        int[] classes = rows.Classes!;
        var random = new Random(_seed);
        (int[][] training, int[] validation) = Split(classes, rows.ClassCount, random);
        var sampler = new ClassBalancedSampler(training, _options.ClassesPerBatch, _options.SamplesPerClass, random);
        int[] sizes = [rows.Dimension, .. _options.HiddenLayerSizes, _options.Rank];
        using var generator = new Generator((ulong)(uint)_seed, CPU);
        using var head = new TrainableEmbeddingHead(sizes, _options.Activation, _options.Dropout, _options.BatchNormalization, random, generator);
        using Parameter? classVectors = _options.Loss.LearnsClassVectors
            ? new Parameter(ClassProxyLoss.CreateClassVectors(rows.ClassCount, _options.Rank, generator))
            : null;
        using OptimizerHelper optimizer = CreateOptimizer(head, classVectors);
        bool validate = validation.Length >= 2;
        _host.Info($"DeepMetricLearning: training a {string.Join(" -> ", sizes)} head on {rows.Count - validation.Length} rows ({sampler.BatchesPerEpoch} batches of {sampler.BatchSize} per epoch), {(validate ? $"{validation.Length} rows held out for early stopping" : "no validation split")}.");

        int batchSize = sampler.BatchSize;
        var batchRows = new int[batchSize];
        var batchFeatures = new float[batchSize * rows.Dimension];
        var batchLabels = new long[batchSize];
        EmbeddingHeadLayer[]? kept = null;
        var summary = new EmbeddingHeadTrainingSummary(0, 0, double.NaN, double.NaN);
        double bestRecall = double.NegativeInfinity;
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            head.SetTraining(true);
            double lossSum = 0;
            for (int batch = 0; batch < sampler.BatchesPerEpoch; batch++)
            {
                _host.ThrowIfCancellationRequested(_options.CancellationToken);
                sampler.Next(batchRows);
                for (int i = 0; i < batchSize; i++)
                {
                    rows.Features.AsSpan(batchRows[i] * rows.Dimension, rows.Dimension).CopyTo(batchFeatures.AsSpan(i * rows.Dimension));
                    batchLabels[i] = classes[batchRows[i]];
                }

                using DisposeScope scope = NewDisposeScope();
                Tensor features = tensor(batchFeatures, [batchSize, rows.Dimension]);
                Tensor labels = tensor(batchLabels);
                Tensor embeddings = head.Forward(features);
                MinedTuples? tuples = _options.Miner?.Mine(embeddings.detach(), labels);
                Tensor loss = _options.Loss.Compute(embeddings, labels, tuples, classVectors);
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    throw new InvalidOperationException($"DeepMetricLearning diverged: the loss is {value} in epoch {epoch}. Standardize the input (mlContext.Transforms.NormalizeMeanVariance(...)) or lower LearningRate (now {_options.LearningRate}).");
                }

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += value;
            }

            double meanLoss = lossSum / sampler.BatchesPerEpoch;
            double recall = validate ? RecallAtOne(head, rows, validation) : double.NaN;
            _host.ReportProgress(
                _options.Progress,
                new DeepMetricLearningProgress(epoch, _options.Epochs, meanLoss, recall),
                $"DeepMetricLearning: epoch {epoch} of {_options.Epochs}, loss {meanLoss:G6}{(validate ? $", held-out Recall@1 {recall:F4}" : string.Empty)}");
            if (!validate || recall > bestRecall)
            {
                bestRecall = recall;
                kept = head.ToLayers();
                summary = new EmbeddingHeadTrainingSummary(epoch, epoch, meanLoss, recall);
            }
            else
            {
                summary = summary with { EpochsRun = epoch };
                if (epoch - summary.KeptEpoch >= _options.EarlyStoppingPatience)
                {
                    _host.Info($"DeepMetricLearning: early stop after epoch {epoch}: no better held-out Recall@1 than {bestRecall:F4} (epoch {summary.KeptEpoch}) for {_options.EarlyStoppingPatience} epochs.");
                    break;
                }
            }
        }

        return (kept!, summary);
    }

    /// <summary>
    /// Holds out <c>min(floor(fraction n_c), n_c - K)</c> random rows of each class <c>c</c>; returns the training rows of each
    /// present class and the held-out rows.
    /// </summary>
    private (int[][] Training, int[] Validation) Split(int[] classes, int classCount, Random random)
    {
        var members = new List<int>[classCount];
        for (int i = 0; i < classes.Length; i++)
        {
            (members[classes[i]] ??= []).Add(i);
        }

        var training = new List<int[]>();
        var validation = new List<int>();
        foreach (List<int>? rows in members)
        {
            if (rows is null)
            {
                continue;
            }

            int[] shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            int heldOut = Math.Min((int)Math.Floor(_options.ValidationFraction * shuffled.Length), shuffled.Length - _options.SamplesPerClass);
            validation.AddRange(shuffled.AsSpan(0, heldOut));
            training.Add(shuffled[heldOut..]);
        }

        return (training.ToArray(), validation.ToArray());
    }

    /// <summary>The fraction of held-out rows whose nearest other held-out row (cosine, in the head's current embedding) has their class.</summary>
    private static double RecallAtOne(TrainableEmbeddingHead head, TrainingRows rows, int[] validation)
    {
        head.SetTraining(false);
        var features = new float[validation.Length * rows.Dimension];
        for (int i = 0; i < validation.Length; i++)
        {
            rows.Features.AsSpan(validation[i] * rows.Dimension, rows.Dimension).CopyTo(features.AsSpan(i * rows.Dimension));
        }

        float[] embedded;
        using (DisposeScope scope = NewDisposeScope())
        using (no_grad())
        {
            embedded = head.Forward(tensor(features, [validation.Length, rows.Dimension])).contiguous().data<float>().ToArray();
        }

        int rank = embedded.Length / validation.Length;
        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(embedded, validation.Length, rank), DistanceMetric.Cosine);
        var nearest = new int[validation.Length];
        int[] self = Enumerable.Range(0, validation.Length).ToArray();
        index.Search(new ReadOnlyMatrixView(embedded, validation.Length, rank), 1, nearest, [], self);
        int hits = 0;
        for (int i = 0; i < validation.Length; i++)
        {
            hits += nearest[i] >= 0 && rows.Classes![validation[nearest[i]]] == rows.Classes[validation[i]] ? 1 : 0;
        }

        return (double)hits / validation.Length;
    }

    private OptimizerHelper CreateOptimizer(TrainableEmbeddingHead head, Parameter? classVectors)
    {
        double rate = _options.LearningRate;
        double decay = _options.WeightDecay;
        double classRate = rate * ((_options.Loss as ClassProxyLoss)?.ProxyLearningRateMultiplier ?? 1);
        Parameter[] heads = head.Parameters().ToArray();
        if (_options.Optimizer == DeepMetricLearningOptimizer.Adam)
        {
            var groups = new List<Adam.ParamGroup> { new(heads, rate, weight_decay: decay) };
            if (classVectors is not null)
            {
                groups.Add(new Adam.ParamGroup([classVectors], classRate, weight_decay: decay));
            }

            return optim.Adam(groups, rate, weight_decay: decay);
        }

        var adamW = new List<AdamW.ParamGroup> { new(heads, rate, weight_decay: decay) };
        if (classVectors is not null)
        {
            adamW.Add(new AdamW.ParamGroup([classVectors], classRate, weight_decay: decay));
        }

        return optim.AdamW(adamW, rate, weight_decay: decay);
    }
}
