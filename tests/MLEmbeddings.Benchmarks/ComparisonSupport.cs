using System.Globalization;

namespace MLEmbeddings.Benchmarks;

/// <summary>Small helpers shared by the peer comparisons: options, medians, the machine load, peer output parsing, seeded data.</summary>
public static class ComparisonSupport
{
    /// <summary>The integer value of <c>--name N</c> in <paramref name="args"/>, or <paramref name="defaultValue"/>.</summary>
    public static int Option(string[] args, string name, int defaultValue)
    {
        int position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : defaultValue;
    }

    /// <summary>The median of the values.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The 1/5/15-minute load averages (the machines are shared: every table notes them).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    /// <summary>The number after <c>name=</c> on a line of a peer script's output.</summary>
    public static double ParseValue(string output, string name)
    {
        string line = output.Split('\n').First(l => l.StartsWith(name + "=", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Lines of a peer script's output that are not <c>name=value</c> timings (BLAS and version information).</summary>
    public static string PeerInformation(string output, params string[] timingNames)
        => string.Join("; ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !timingNames.Any(n => line.StartsWith(n + "=", StringComparison.Ordinal))));

    /// <summary><paramref name="count"/> seeded uniform values in [0, 1).</summary>
    public static float[] UniformValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }
}
