using System.Globalization;

namespace SampleSupport;

/// <summary>
/// Command-line helpers shared by the samples (linked into each project): the option loop, whole numbers in a range and
/// default files of the repository. Bad input throws <see cref="ArgumentException"/> with a one-line explanation.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// Reads the options in order. <c>--help</c> or <c>-h</c> sets the result; every other name goes to
    /// <paramref name="apply"/> with a function that reads the option's value (the next argument). <paramref name="apply"/>
    /// returns false for a name it does not know, which is reported as an unknown option.
    /// </summary>
    /// <returns>Whether help was asked for.</returns>
    public static bool Parse(string[] args, Func<string, Func<string>, bool> apply)
    {
        bool help = false;
        int i = 0;
        for (; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                help = true;
            }
            else if (!apply(name, NextValue))
            {
                throw new ArgumentException($"unknown option '{name}'; run with --help to see the options.");
            }
        }

        return help;

        string NextValue()
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option '{args[i]}' needs a value; run with --help to see the options.");
            }

            return args[++i];
        }
    }

    /// <summary>The value of option <paramref name="name"/> as a whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static int WholeNumber(string name, string text, int minimum, int maximum)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            throw new ArgumentException($"option '{name}' expects a whole number from {minimum} to {maximum}; got '{text}'.");
        }

        return value;
    }

    /// <summary>
    /// The file or folder at &lt;repository&gt;/<paramref name="parts"/>, found from the working directory or the program's
    /// folder upwards, so that a sample's defaults work from the repository root, from its project folder and from its
    /// build output. When none exists the relative path is returned (and reported as missing by the caller).
    /// </summary>
    public static string RepositoryPath(params string[] parts)
    {
        string relative = Path.Combine(parts);
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate) || Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return relative;
    }
}
