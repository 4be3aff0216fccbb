using SampleSupport;

namespace QuickStart;

/// <summary>Command-line options of the quick start; <see cref="Parse"/> explains bad input in one line.</summary>
internal sealed class QuickStartOptions
{
    public const string Usage = """
        QuickStart: an end-to-end MLEmbeddings pipeline on the shipped Fashion-MNIST subset.
          pixels / 255 -> NMF parts -> standardize -> Neighbourhood Components Analysis -> k-NN classifier
          -> Evaluate -> Model.Save -> Model.Load (fresh context) -> predict held-out images; pictures as PNG.

        usage: dotnet run -c Release --project samples/QuickStart -- [options]
          --data DIR        folder with the Fashion-MNIST IDX files (default: samples/data/fashion-mnist-small,
                            5,000 training and 1,000 test images; the full set's files work too)
          --train N         training images to use, 10..60000 (default 5000)
          --test N          test images to use, 1..10000 (default 1000)
          --components C    NMF components ("parts") learned from the pixels, 2..200 (default 40)
          --rank R          output dimension of the metric-learning projection, 1..C (default 16)
          --neighbors K     k of the k-NN classifier, 1..100 (default 5)
          --output DIR      where model.zip, predictions.csv and the pictures are written (default: quickstart-output)
          --help            show this text
        """;

    /// <summary>The whole-number options: their range and the property each sets.</summary>
    private static readonly Dictionary<string, (int Minimum, int Maximum, Action<QuickStartOptions, int> Set)> NumberOptions = new(StringComparer.Ordinal)
    {
        ["--train"] = (10, 60000, (options, value) => options.TrainSize = value),
        ["--test"] = (1, 10000, (options, value) => options.TestSize = value),
        ["--components"] = (2, 200, (options, value) => options.NumberOfComponents = value),
        ["--rank"] = (1, 200, (options, value) => options.ProjectionRank = value),
        ["--neighbors"] = (1, 100, (options, value) => options.NumberOfNeighbors = value),
    };

    public string DataDirectory { get; private set; } = CommandLine.RepositoryPath("samples", "data", "fashion-mnist-small");

    public int TrainSize { get; private set; } = 5000;

    public int TestSize { get; private set; } = 1000;

    public int NumberOfComponents { get; private set; } = 40;

    public int ProjectionRank { get; private set; } = 16;

    public int NumberOfNeighbors { get; private set; } = 5;

    public string OutputDirectory { get; private set; } = "quickstart-output";

    public bool ShowHelp { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line explanation on bad input.</summary>
    public static QuickStartOptions Parse(string[] args)
    {
        var options = new QuickStartOptions();
        options.ShowHelp = CommandLine.Parse(args, (name, value) =>
        {
            switch (name)
            {
                case "--data":
                    options.DataDirectory = value();
                    return true;
                case "--output":
                    options.OutputDirectory = value();
                    return true;
                default:
                    if (!NumberOptions.TryGetValue(name, out (int Minimum, int Maximum, Action<QuickStartOptions, int> Set) number))
                    {
                        return false;
                    }

                    number.Set(options, CommandLine.WholeNumber(name, value(), number.Minimum, number.Maximum));
                    return true;
            }
        });

        if (options.ProjectionRank > options.NumberOfComponents)
        {
            throw new ArgumentException(
                $"option '--rank' must be at most --components ({options.NumberOfComponents}), the size of the projection's input; got {options.ProjectionRank}.");
        }

        if (options.NumberOfComponents > options.TrainSize)
        {
            throw new ArgumentException(
                $"option '--components' must be at most --train ({options.TrainSize}): NMF cannot learn more parts than it has images; got {options.NumberOfComponents}.");
        }

        if (options.NumberOfNeighbors > options.TrainSize)
        {
            throw new ArgumentException($"option '--neighbors' must be at most --train ({options.TrainSize}); got {options.NumberOfNeighbors}.");
        }

        return options;
    }
}
