using System.Globalization;

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

    public string DataDirectory { get; private set; } = DefaultDataDirectory();

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
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    options.ShowHelp = true;
                    break;
                case "--data":
                    options.DataDirectory = Value(args, ref i);
                    break;
                case "--output":
                    options.OutputDirectory = Value(args, ref i);
                    break;
                default:
                    if (!NumberOptions.TryGetValue(name, out (int Minimum, int Maximum, Action<QuickStartOptions, int> Set) number))
                    {
                        throw new ArgumentException($"unknown option '{name}'; run with --help to see the options.");
                    }

                    number.Set(options, Number(name, Value(args, ref i), number.Minimum, number.Maximum));
                    break;
            }
        }

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

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"option '{args[i]}' needs a value; run with --help to see the options.");
        }

        return args[++i];
    }

    private static int Number(string name, string text, int minimum, int maximum)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            throw new ArgumentException($"option '{name}' expects a whole number from {minimum} to {maximum}; got '{text}'.");
        }

        return value;
    }

    private static string DefaultDataDirectory()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, "samples", "data", "fashion-mnist-small");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine("samples", "data", "fashion-mnist-small");
    }
}
